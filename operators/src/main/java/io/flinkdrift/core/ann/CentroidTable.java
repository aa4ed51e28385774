package io.flinkdrift.core.ann;

/**
 * k centroids of dimension d laid out by coordinate, for the one computation every quantizer here
 * repeats: the squared distances from a vector to all centroids (coarse assignment, PQ
 * sub-quantizer encoding and distance tables, k-means assignment). Row j holds coordinate j of
 * every centroid, so the inner loops run over k contiguous floats from index 0 (a {@link CentroidKernel}:
 * plain loops the JIT vectorises, or explicit SIMD with the Vector API when the JVM has the
 * incubator module); summed over j in order, every distance equals {@link Distances#squaredL2}
 * exactly, whichever the kernel.
 *
 * <p>{@link #assign} finds the nearest centroid of many points with the decomposition Faiss uses
 * ({@code exhaustive_L2sqr_blas}): ‖x − c‖² = ‖x‖² + ‖c‖² − 2⟨x, c⟩, where ‖x‖² is the same for
 * every centroid and drops out, and ‖c‖² − 2⟨x, c⟩ costs two flops per coordinate (one fused
 * multiply-add) against three for the direct formula, for four points per pass over the table (used
 * from d = 8 on). It rounds differently from the direct formula, so the centroids whose decomposed value
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
     * decomposition saves less than its extra pass over the candidates costs (measured at d = 4,
     * k = 256, with either kernel).
     */
    private static final int MIN_DECOMPOSED_DIMENSION = 8;
    /**
     * Centroids {@link #assign} remembers from its one pass over the decomposed values (those within
     * the margin of the smallest value so far: about ln k in random order, plus near ties); a point
     * with more is re-scanned in full.
     */
    private static final int CANDIDATES = 32;
    /** Points {@link #assign} computes per pass over the table (the kernel's register block). */
    private static final int POINTS_PER_PASS = 4;

    private final CentroidKernel kernel;
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
        this(centroids, offset, k, d, CentroidKernel.DEFAULT);
    }

    /** As {@link #CentroidTable(float[], int, int, int)}, computing with the given kernel. */
    CentroidTable(float[] centroids, int offset, int k, int d, CentroidKernel kernel) {
        this.kernel = kernel;
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
        kernel.distances(coordinateRows, size, x, xOffset, out);
    }

    /**
     * The nearest centroid to x[xOffset..xOffset+d), ties to the lower index; {@code scratch}
     * (length ≥ k) is left holding every centroid's distance.
     */
    int nearest(float[] x, int xOffset, float[] scratch) {
        return kernel.nearest(coordinateRows, size, x, xOffset, scratch);
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
        if (d < MIN_DECOMPOSED_DIMENSION) {
            kernel.nearestAll(coordinateRows, size, x, offset, stride, n, assignment, assignmentOffset, distances,
                    scratch);
            return;
        }
        double gamma = (d + 3) * 0x1p-23;
        int[] candidates = new int[CANDIDATES];
        float[][] values = new float[Math.min(POINTS_PER_PASS, Math.max(n, 1))][];
        values[0] = scratch;
        for (int b = 1; b < values.length; b++) {
            values[b] = new float[size];
        }
        double[] radii = new double[values.length];
        int i = 0;
        while (i < n) {
            int block = Math.min(values.length, n - i);
            for (int b = 0; b < block; b++) {
                radii[b] = radius(x, offset + (i + b) * stride);
                if (radii[b] * radii[b] > OVERFLOW_GUARD) {
                    block = Math.max(b, 1); // the points before it in one pass, then it alone
                }
            }
            int xOffset = offset + i * stride;
            if (radii[0] * radii[0] > OVERFLOW_GUARD) {
                int best = nearest(x, xOffset, scratch);
                assignment[assignmentOffset + i] = best;
                if (distances != null) {
                    distances[assignmentOffset + i] = scratch[best];
                }
            } else {
                kernel.decomposed(coordinateRows, squaredNorms, size, x, xOffset, stride, block, values);
                for (int b = 0; b < block; b++) {
                    double slack = 8 * gamma * radii[b] * radii[b] + Float.MIN_NORMAL;
                    rerank(x, xOffset + b * stride, values[b], slack, candidates, assignment,
                            assignmentOffset + i + b, distances);
                }
            }
            i += block;
        }
    }

    /**
     * Re-ranks with the direct formula the centroids whose decomposed value lies within the margin
     * of the smallest, writing the first minimum and its distance to assignment[index] and, when not
     * null, distances[index].
     */
    private void rerank(float[] x, int xOffset, float[] values, double slack, int[] candidates, int[] assignment,
            int index, float[] distances) {
        int d = dimension;
        int kept = kernel.candidates(values, size, slack, candidates);
        boolean all = kept > candidates.length;
        int scanned = all ? size : kept;
        float smallest = Float.POSITIVE_INFINITY;
        for (int q = 0; q < scanned; q++) {
            smallest = Math.min(smallest, values[all ? q : candidates[q]]);
        }
        float margin = CentroidKernel.margin(smallest, slack);
        int best = -1;
        float bestDistance = Float.POSITIVE_INFINITY;
        for (int q = 0; q < scanned; q++) {
            int c = all ? q : candidates[q];
            if (values[c] <= margin) {
                float distance = Distances.squaredL2(x, xOffset, rowMajor, rowMajorOffset + c * d, d);
                if (best < 0 || distance < bestDistance) {
                    best = c;
                    bestDistance = distance;
                }
            }
        }
        assignment[index] = best;
        if (distances != null) {
            distances[index] = bestDistance;
        }
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
                kernel.decomposed(coordinateRows, squaredNorms, size, x, offset + i * stride, stride, block, scratch);
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
}
