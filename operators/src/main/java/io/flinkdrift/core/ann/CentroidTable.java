package io.flinkdrift.core.ann;

/**
 * k centroids of dimension d laid out by coordinate, for the one computation every quantizer here
 * repeats: the squared distances from a vector to all centroids (coarse assignment, PQ
 * sub-quantizer encoding and distance tables, k-means assignment). Row j holds coordinate j of
 * every centroid, so the inner loop runs over k contiguous floats from index 0, a shape the JIT
 * vectorises; summed over j in order, every distance equals {@link Distances#squaredL2} exactly.
 *
 * <p>{@link #assign} finds the nearest centroid of many points with the decomposition Faiss uses
 * ({@code exhaustive_L2sqr_blas}): ‖x − c‖² = ‖x‖² + ‖c‖² − 2⟨x, c⟩, where ‖x‖² is the same for
 * every centroid and drops out, and ‖c‖² − 2⟨x, c⟩ costs two flops per coordinate (one fused
 * multiply-add) against three for the direct formula, over four coordinate rows per pass (used from
 * d = 8 on). It rounds differently from the direct formula, so the centroids whose decomposed value
 * lies within a proven rounding bound of the smallest are re-ranked with the direct formula (see
 * {@link #assign}): the result is the direct formula's argmin exactly, as {@link #nearest} returns
 * it. See docs/ann.md.
 *
 * <p>Immutable; the caller supplies the output and scratch arrays, so one table can serve several threads.
 */
final class CentroidTable {

    /**
     * Above this bound on ‖x − c‖² values may overflow in float, so {@link #assign} uses the direct
     * formula ({@link #nearest}) for the point instead.
     */
    private static final double OVERFLOW_GUARD = 1e36;
    /**
     * Below this dimension {@link #assign} uses the direct formula: with few coordinates the
     * decomposition saves less than its extra pass over the candidates costs (measured at d = 4, k = 256).
     */
    private static final int MIN_DECOMPOSED_DIMENSION = 8;
    /**
     * Centroids {@link #assign} remembers from its one pass over the decomposed values (those within
     * the margin of the smallest value so far: about ln k in random order, plus near ties); a point
     * with more is re-scanned in full.
     */
    private static final int CANDIDATES = 32;

    private final int size;
    private final int dimension;
    private final float[][] coordinateRows;
    private final float[] rowMajor;      ///< the caller's centroids, for the direct re-ranking (not copied)
    private final int rowMajorOffset;
    private final float[] squaredNorms;  ///< ‖c‖², rounded once from double
    private final double maxNorm;        ///< max over c of ‖c‖

    /**
     * The table of {@code k} centroids read row-major from
     * {@code centroids[offset .. offset + k·d)}. {@link #assign} reads that range again (it is not
     * copied, as a k-means++ table over the training points would double their memory), so the
     * caller must not change it while it uses the table.
     */
    CentroidTable(float[] centroids, int offset, int k, int d) {
        this.size = k;
        this.dimension = d;
        this.coordinateRows = new float[d][k];
        this.rowMajor = centroids;
        this.rowMajorOffset = offset;
        this.squaredNorms = new float[k];
        double maxSquaredNorm = 0;
        for (int c = 0; c < k; c++) {
            double squaredNorm = 0;
            for (int j = 0; j < d; j++) {
                float value = centroids[offset + c * d + j];
                coordinateRows[j][c] = value;
                squaredNorm += (double) value * value;
            }
            squaredNorms[c] = (float) squaredNorm;
            maxSquaredNorm = Math.max(maxSquaredNorm, squaredNorm);
        }
        this.maxNorm = Math.sqrt(maxSquaredNorm);
    }

    /** Number of centroids k. */
    int size() {
        return size;
    }

    /** out[c] = ‖x[xOffset..xOffset+d) − centroid c‖² for c in [0, k); out needs length ≥ k. */
    void distances(float[] x, int xOffset, float[] out) {
        float[] row = coordinateRows[0];
        float value = x[xOffset];
        for (int c = 0; c < size; c++) {
            float diff = value - row[c];
            out[c] = diff * diff;
        }
        for (int j = 1; j < coordinateRows.length; j++) {
            row = coordinateRows[j];
            value = x[xOffset + j];
            for (int c = 0; c < size; c++) {
                float diff = value - row[c];
                out[c] += diff * diff;
            }
        }
    }

    /**
     * The nearest centroid to x[xOffset..xOffset+d), ties to the lower index; {@code scratch}
     * (length ≥ k) is left holding every centroid's distance.
     */
    int nearest(float[] x, int xOffset, float[] scratch) {
        distances(x, xOffset, scratch);
        return firstMinimum(scratch);
    }

    /** The index of the first smallest of values[0..k). */
    private int firstMinimum(float[] values) {
        int best = 0;
        float bestValue = values[0];
        for (int c = 1; c < size; c++) {
            // branch-free (conditional moves): which centroid wins is unpredictable
            float value = values[c];
            boolean smaller = value < bestValue;
            best = smaller ? c : best;
            bestValue = smaller ? value : bestValue;
        }
        return best;
    }

    /**
     * For each of n points, point i at x[offset + i·stride .. + d), writes its nearest centroid (ties
     * to the lower index) to assignment[assignmentOffset + i] and, when {@code distances} is not
     * null, its squared distance to distances[assignmentOffset + i]: exactly what {@link #nearest}
     * and {@link Distances#squaredL2} return, computed faster.
     *
     * <p>Per point, v_c = fl(‖c‖² − 2⟨x, c⟩) in float. With u = 2⁻²⁴ and γ_n = nu/(1 − nu), both
     * v_c and the direct formula's value differ from the exact ‖x − c‖² (less ‖x‖² for v_c) by at
     * most G = γ_{d+3}·(‖x‖ + max_c ‖c‖)² (Higham, <i>Accuracy and Stability of Numerical
     * Algorithms</i>, 2002, §3.1), so the direct argmin c* satisfies v_{c*} ≤ min_c v_c + 4G. The
     * centroids within that margin (one or two in practice; the margin used,
     * 8·(d+3)·2⁻²³·(‖x‖ + max_c ‖c‖)² plus the smallest normal float, is over four times 4G) are
     * re-ranked with the direct formula. One pass over the v_c finds both the smallest and a superset
     * of those centroids (every centroid within the margin of the smallest value before it), so no
     * separate argmin pass is needed. Below dimension 8 (the PQ sub-quantizers), and for points
     * whose bound would reach float overflow, points are ranked with the direct formula alone.
     *
     * @param scratch at least k floats, overwritten
     */
    void assign(float[] x, int offset, int stride, int n, int[] assignment, int assignmentOffset,
            float[] distances, float[] scratch) {
        int d = dimension;
        double gamma = (d + 3) * 0x1p-23;
        int[] candidates = new int[CANDIDATES];
        for (int i = 0; i < n; i++) {
            int xOffset = offset + i * stride;
            int best;
            float bestDistance;
            boolean decompose = d >= MIN_DECOMPOSED_DIMENSION;
            double radius = decompose ? radius(x, xOffset) : 0;
            if (!decompose || radius * radius > OVERFLOW_GUARD) {
                best = nearest(x, xOffset, scratch);
                bestDistance = scratch[best];
            } else {
                decomposed(x, xOffset, scratch);
                double slack = 8 * gamma * radius * radius + Float.MIN_NORMAL;
                // one pass keeps every centroid within the margin of the smallest value so far, a
                // superset of those within the margin of the final smallest (the margin only shrinks)
                float smallest = Float.POSITIVE_INFINITY;
                float runningMargin = Float.POSITIVE_INFINITY;
                int kept = 0;
                for (int c = 0; c < size; c++) {
                    float value = scratch[c];
                    if (value <= runningMargin) {
                        if (kept < candidates.length) {
                            candidates[kept] = c;
                        }
                        kept++;
                        if (value < smallest) {
                            smallest = value;
                            runningMargin = margin(smallest, slack);
                        }
                    }
                }
                float margin = margin(smallest, slack);
                best = -1;
                bestDistance = Float.POSITIVE_INFINITY;
                int scanned = kept <= candidates.length ? kept : size;
                for (int q = 0; q < scanned; q++) {
                    int c = kept <= candidates.length ? candidates[q] : q;
                    if (scratch[c] <= margin) {
                        float distance = Distances.squaredL2(x, xOffset, rowMajor, rowMajorOffset + c * d, d);
                        if (best < 0 || distance < bestDistance) {
                            best = c;
                            bestDistance = distance;
                        }
                    }
                }
            }
            assignment[assignmentOffset + i] = best;
            if (distances != null) {
                distances[assignmentOffset + i] = bestDistance;
            }
        }
    }

    /** The re-ranking margin above {@code smallest}, rounded up to a float so the scans compare floats. */
    private static float margin(float smallest, double slack) {
        return Math.nextUp((float) (smallest + slack));
    }

    /** ‖x‖ + max_c ‖c‖, in double. */
    private double radius(float[] x, int xOffset) {
        double squaredNorm = 0;
        for (int j = 0; j < dimension; j++) {
            double value = x[xOffset + j];
            squaredNorm += value * value;
        }
        return Math.sqrt(squaredNorm) + maxNorm;
    }

    /** out[c] = fl(‖c‖² − 2⟨x, c⟩), fused multiply-adds over four coordinate rows per pass. */
    private void decomposed(float[] x, int xOffset, float[] out) {
        System.arraycopy(squaredNorms, 0, out, 0, size);
        int d = dimension;
        int j = 0;
        for (; j + 4 <= d; j += 4) {
            float a0 = -2 * x[xOffset + j];
            float a1 = -2 * x[xOffset + j + 1];
            float a2 = -2 * x[xOffset + j + 2];
            float a3 = -2 * x[xOffset + j + 3];
            float[] r0 = coordinateRows[j];
            float[] r1 = coordinateRows[j + 1];
            float[] r2 = coordinateRows[j + 2];
            float[] r3 = coordinateRows[j + 3];
            for (int c = 0; c < size; c++) {
                out[c] = Math.fma(a3, r3[c], Math.fma(a2, r2[c], Math.fma(a1, r1[c], Math.fma(a0, r0[c], out[c]))));
            }
        }
        for (; j < d; j++) {
            float a = -2 * x[xOffset + j];
            float[] row = coordinateRows[j];
            for (int c = 0; c < size; c++) {
                out[c] = Math.fma(a, row[c], out[c]);
            }
        }
    }

    /**
     * For each of n points, point i at x[offset + i·stride .. + d), writes its {@code count} nearest
     * centroids — the first {@code count} by (distance, index), the distance as {@link #distances}
     * computes it — to out[i·count .. (i + 1)·count), nearest first. The decomposed values
     * of {@link #assign} rank them, computed for up to four points per pass over the centroids (so a
     * batch of queries reads the table a quarter as often); every centroid within the rounding bound of
     * {@link #assign} of the {@code count}-th smallest decomposed value is re-ranked with the direct
     * formula. The argument of {@link #assign} carries over: the direct formula's {@code count}-th
     * smallest value, less ‖x‖², is at most the decomposed one plus 2G, so each of the first
     * {@code count} has a decomposed value within 4G of it.
     *
     * @param count in [1, k]
     * @param scratch five arrays of at least k floats, overwritten
     * @param nearest a TopK of capacity at least {@code count}, overwritten; out holds each point's
     *     centroids nearest first
     */
    void nearest(float[] x, int offset, int stride, int n, int count, int[] out, float[][] scratch, TopK nearest) {
        int d = dimension;
        double gamma = (d + 3) * 0x1p-23;
        int i = 0;
        while (i < n) {
            int block = Math.min(4, n - i);
            if (d >= MIN_DECOMPOSED_DIMENSION) {
                decomposed(x, offset + i * stride, stride, block, scratch);
            }
            for (int b = 0; b < block; b++, i++) {
                int xOffset = offset + i * stride;
                double radius = d >= MIN_DECOMPOSED_DIMENSION ? radius(x, xOffset) : 0;
                nearest.reset(count);
                if (d < MIN_DECOMPOSED_DIMENSION || radius * radius > OVERFLOW_GUARD) {
                    float[] direct = scratch[4];
                    distances(x, xOffset, direct);
                    for (int c = 0; c < size; c++) {
                        nearest.offer(direct[c], c);
                    }
                } else {
                    float[] values = scratch[b];
                    float smallest = kthSmallest(values, count, scratch[4]);
                    float margin = Math.nextUp((float) (smallest + 8 * gamma * radius * radius + Float.MIN_NORMAL));
                    for (int c = 0; c < size; c++) {
                        if (values[c] <= margin) {
                            nearest.offer(Distances.squaredL2(x, xOffset, rowMajor, rowMajorOffset + c * d, d), c);
                        }
                    }
                }
                nearest.drainIds(out, i * count);
            }
        }
    }

    /** The count-th smallest of values[0 .. k), with a max-heap of the count smallest so far in heap[0 .. count). */
    private float kthSmallest(float[] values, int count, float[] heap) {
        System.arraycopy(values, 0, heap, 0, count);
        for (int start = count / 2 - 1; start >= 0; start--) {
            FloatMaxHeap.siftDown(heap, count, start, heap[start]);
        }
        for (int c = count; c < size; c++) {
            float value = values[c];
            if (value < heap[0]) {
                FloatMaxHeap.siftDown(heap, count, 0, value);
            }
        }
        return heap[0];
    }

    /**
     * out[b][c] = fl(‖c‖² − 2⟨x_b, c⟩) for the {@code block} (1 to 4) points x_b at x[offset + b·stride ..),
     * as {@link #decomposed(float[], int, float[])} computes each, reading the table once for all four.
     */
    private void decomposed(float[] x, int offset, int stride, int block, float[][] out) {
        if (block < 4) {
            for (int b = 0; b < block; b++) {
                decomposed(x, offset + b * stride, out[b]);
            }
            return;
        }
        int k = size;
        for (int b = 0; b < 4; b++) {
            System.arraycopy(squaredNorms, 0, out[b], 0, k);
        }
        int d = dimension;
        int j = 0;
        for (; j + 4 <= d; j += 4) {
            float[] r0 = coordinateRows[j];
            float[] r1 = coordinateRows[j + 1];
            float[] r2 = coordinateRows[j + 2];
            float[] r3 = coordinateRows[j + 3];
            // one point at a time over the four rows, which stay in the first-level cache for the next
            for (int b = 0; b < 4; b++) {
                int o = offset + b * stride + j;
                float a0 = -2 * x[o];
                float a1 = -2 * x[o + 1];
                float a2 = -2 * x[o + 2];
                float a3 = -2 * x[o + 3];
                float[] values = out[b];
                for (int c = 0; c < k; c++) {
                    values[c] = Math.fma(a3, r3[c], Math.fma(a2, r2[c], Math.fma(a1, r1[c], Math.fma(a0, r0[c], values[c]))));
                }
            }
        }
        for (; j < d; j++) {
            float[] row = coordinateRows[j];
            for (int b = 0; b < 4; b++) {
                float a = -2 * x[offset + b * stride + j];
                float[] values = out[b];
                for (int c = 0; c < k; c++) {
                    values[c] = Math.fma(a, row[c], values[c]);
                }
            }
        }
    }
}
