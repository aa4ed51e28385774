package io.flinkdrift.core.ann;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link CentroidKernel} with explicit SIMD through the incubating Vector API of JDK 17
 * ({@code jdk.incubator.vector}, which needs {@code --add-modules jdk.incubator.vector}; load this
 * class only through {@link CentroidKernel#DEFAULT}). Register blocking as in a BLAS matrix product
 * (Faiss's {@code exhaustive_L2sqr_blas}): a block of points × centroid lanes is held in
 * registers over all coordinates and stored once, where the scalar loops load and store every
 * partial sum per coordinate. Each lane performs the scalar kernel's operations in the scalar
 * kernel's order (a vector {@code mul} then {@code add} rounds as the scalar {@code *} then
 * {@code +}, a vector {@code fma} as {@link Math#fma}), so the values are the same bit for bit; the
 * centroids past the last full vector take the scalar loops.
 */
final class VectorCentroidKernel implements CentroidKernel {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** The dimension {@link #nearestAll} computes with one point per lane. */
    private static final int TRANSPOSED_DIMENSION = 4;

    /** @throws UnsupportedOperationException if the preferred vector holds fewer than 8 floats (no SIMD gain) */
    VectorCentroidKernel() {
        if (LANES < 8) {
            throw new UnsupportedOperationException("preferred float vector has " + LANES + " lanes");
        }
    }

    @Override
    public void distances(float[][] rows, int k, float[] x, int xOffset, float[] out) {
        distancesAndMinimum(rows, k, x, xOffset, out);
    }

    /** The distances and their minimum in one pass, then the first index holding it. */
    @Override
    public int nearest(float[][] rows, int k, float[] x, int xOffset, float[] scratch) {
        return firstEqual(scratch, k, distancesAndMinimum(rows, k, x, xOffset, scratch));
    }

    /** As {@link #distances}, returning the smallest distance, taken in registers as they are stored. */
    private static float distancesAndMinimum(float[][] rows, int k, float[] x, int xOffset, float[] out) {
        int d = rows.length;
        int c = 0;
        FloatVector smallest = FloatVector.broadcast(SPECIES, Float.POSITIVE_INFINITY);
        // four vectors of centroids at once: four independent chains of additions
        for (; c + 4 * LANES <= k; c += 4 * LANES) {
            FloatVector value = FloatVector.broadcast(SPECIES, x[xOffset]);
            float[] row = rows[0];
            FloatVector diff0 = value.sub(FloatVector.fromArray(SPECIES, row, c));
            FloatVector diff1 = value.sub(FloatVector.fromArray(SPECIES, row, c + LANES));
            FloatVector diff2 = value.sub(FloatVector.fromArray(SPECIES, row, c + 2 * LANES));
            FloatVector diff3 = value.sub(FloatVector.fromArray(SPECIES, row, c + 3 * LANES));
            FloatVector sum0 = diff0.mul(diff0);
            FloatVector sum1 = diff1.mul(diff1);
            FloatVector sum2 = diff2.mul(diff2);
            FloatVector sum3 = diff3.mul(diff3);
            for (int j = 1; j < d; j++) {
                value = FloatVector.broadcast(SPECIES, x[xOffset + j]);
                row = rows[j];
                diff0 = value.sub(FloatVector.fromArray(SPECIES, row, c));
                diff1 = value.sub(FloatVector.fromArray(SPECIES, row, c + LANES));
                diff2 = value.sub(FloatVector.fromArray(SPECIES, row, c + 2 * LANES));
                diff3 = value.sub(FloatVector.fromArray(SPECIES, row, c + 3 * LANES));
                sum0 = sum0.add(diff0.mul(diff0));
                sum1 = sum1.add(diff1.mul(diff1));
                sum2 = sum2.add(diff2.mul(diff2));
                sum3 = sum3.add(diff3.mul(diff3));
            }
            sum0.intoArray(out, c);
            sum1.intoArray(out, c + LANES);
            sum2.intoArray(out, c + 2 * LANES);
            sum3.intoArray(out, c + 3 * LANES);
            smallest = smallest.min(sum0.min(sum1).min(sum2.min(sum3)));
        }
        for (; c + LANES <= k; c += LANES) {
            FloatVector diff = FloatVector.broadcast(SPECIES, x[xOffset]).sub(FloatVector.fromArray(SPECIES, rows[0], c));
            FloatVector sum = diff.mul(diff);
            for (int j = 1; j < d; j++) {
                diff = FloatVector.broadcast(SPECIES, x[xOffset + j]).sub(FloatVector.fromArray(SPECIES, rows[j], c));
                sum = sum.add(diff.mul(diff));
            }
            sum.intoArray(out, c);
            smallest = smallest.min(sum);
        }
        float minimum = smallest.reduceLanes(VectorOperators.MIN);
        for (; c < k; c++) {
            float sum = 0f;
            for (int j = 0; j < d; j++) {
                float diff = x[xOffset + j] - rows[j][c];
                sum += diff * diff;
            }
            out[c] = sum;
            minimum = Math.min(minimum, sum);
        }
        return minimum;
    }

    /**
     * In dimension {@value #TRANSPOSED_DIMENSION} (the PQ sub-vectors of d/M = 4), up to two vectors of
     * points at a time, one point per lane, against one centroid at a time: each lane computes the direct
     * formula in the scalar order and keeps its smallest distance and first index in registers, so
     * nothing is stored per centroid and no second pass finds the index. Other dimensions, and the last
     * points when fewer than a vector's lanes remain, take {@link #nearest} one point at a time.
     */
    @Override
    public void nearestAll(float[][] rows, int k, float[] x, int offset, int stride, int n, int[] assignment,
            int assignmentOffset, float[] distances, float[] scratch) {
        int i = 0;
        // the lane index of a centroid is a float: exact below 2^24
        if (rows.length == TRANSPOSED_DIMENSION && k < (1 << 24)) {
            float[] r0 = rows[0];
            float[] r1 = rows[1];
            float[] r2 = rows[2];
            float[] r3 = rows[3];
            float[] points = new float[2 * TRANSPOSED_DIMENSION * LANES];
            float[] bestValues = new float[2 * LANES];
            float[] bestIndices = new float[2 * LANES];
            // two vectors of points per pass: each centroid's coordinates are broadcast once for both, and
            // the two chains of comparisons overlap; a last pass of LANES to 2·LANES − 1 points fills the
            // lanes past them with copies of its last point, whose results are not written
            while (n - i >= LANES) {
                int count = Math.min(2 * LANES, n - i);
                for (int lane = 0; lane < 2 * LANES; lane++) {
                    int o = offset + (i + Math.min(lane, count - 1)) * stride;
                    int p = (lane / LANES) * TRANSPOSED_DIMENSION * LANES + lane % LANES;
                    points[p] = x[o];
                    points[p + LANES] = x[o + 1];
                    points[p + 2 * LANES] = x[o + 2];
                    points[p + 3 * LANES] = x[o + 3];
                }
                FloatVector x0 = FloatVector.fromArray(SPECIES, points, 0);
                FloatVector x1 = FloatVector.fromArray(SPECIES, points, LANES);
                FloatVector x2 = FloatVector.fromArray(SPECIES, points, 2 * LANES);
                FloatVector x3 = FloatVector.fromArray(SPECIES, points, 3 * LANES);
                FloatVector y0 = FloatVector.fromArray(SPECIES, points, 4 * LANES);
                FloatVector y1 = FloatVector.fromArray(SPECIES, points, 5 * LANES);
                FloatVector y2 = FloatVector.fromArray(SPECIES, points, 6 * LANES);
                FloatVector y3 = FloatVector.fromArray(SPECIES, points, 7 * LANES);
                FloatVector bestX = FloatVector.broadcast(SPECIES, Float.POSITIVE_INFINITY);
                FloatVector bestY = bestX;
                FloatVector bestIndexX = FloatVector.zero(SPECIES);
                FloatVector bestIndexY = bestIndexX;
                FloatVector index = bestIndexX;
                for (int c = 0; c < k; c++) {
                    FloatVector c0 = FloatVector.broadcast(SPECIES, r0[c]);
                    FloatVector c1 = FloatVector.broadcast(SPECIES, r1[c]);
                    FloatVector c2 = FloatVector.broadcast(SPECIES, r2[c]);
                    FloatVector c3 = FloatVector.broadcast(SPECIES, r3[c]);
                    FloatVector diff = x0.sub(c0);
                    FloatVector sumX = diff.mul(diff);
                    diff = y0.sub(c0);
                    FloatVector sumY = diff.mul(diff);
                    diff = x1.sub(c1);
                    sumX = sumX.add(diff.mul(diff));
                    diff = y1.sub(c1);
                    sumY = sumY.add(diff.mul(diff));
                    diff = x2.sub(c2);
                    sumX = sumX.add(diff.mul(diff));
                    diff = y2.sub(c2);
                    sumY = sumY.add(diff.mul(diff));
                    diff = x3.sub(c3);
                    sumX = sumX.add(diff.mul(diff));
                    diff = y3.sub(c3);
                    sumY = sumY.add(diff.mul(diff));
                    // strictly smaller: ties keep the lower index; an infinite distance never replaces index 0
                    VectorMask<Float> smallerX = sumX.compare(VectorOperators.LT, bestX);
                    VectorMask<Float> smallerY = sumY.compare(VectorOperators.LT, bestY);
                    bestX = bestX.blend(sumX, smallerX);
                    bestY = bestY.blend(sumY, smallerY);
                    bestIndexX = bestIndexX.blend(index, smallerX);
                    bestIndexY = bestIndexY.blend(index, smallerY);
                    index = index.add(1f);
                }
                bestX.intoArray(bestValues, 0);
                bestY.intoArray(bestValues, LANES);
                bestIndexX.intoArray(bestIndices, 0);
                bestIndexY.intoArray(bestIndices, LANES);
                for (int lane = 0; lane < count; lane++) {
                    assignment[assignmentOffset + i + lane] = (int) bestIndices[lane];
                    if (distances != null) {
                        distances[assignmentOffset + i + lane] = bestValues[lane];
                    }
                }
                i += count;
            }
        }
        CentroidKernel.super.nearestAll(rows, k, x, offset + i * stride, stride, n - i, assignment,
                assignmentOffset + i, distances, scratch);
    }

    private static float minimum(float[] values, int k) {
        int c = 0;
        float smallest = Float.POSITIVE_INFINITY;
        if (k >= 4 * LANES) {
            // four independent chains of minima
            FloatVector m0 = FloatVector.fromArray(SPECIES, values, 0);
            FloatVector m1 = FloatVector.fromArray(SPECIES, values, LANES);
            FloatVector m2 = FloatVector.fromArray(SPECIES, values, 2 * LANES);
            FloatVector m3 = FloatVector.fromArray(SPECIES, values, 3 * LANES);
            for (c = 4 * LANES; c + 4 * LANES <= k; c += 4 * LANES) {
                m0 = m0.min(FloatVector.fromArray(SPECIES, values, c));
                m1 = m1.min(FloatVector.fromArray(SPECIES, values, c + LANES));
                m2 = m2.min(FloatVector.fromArray(SPECIES, values, c + 2 * LANES));
                m3 = m3.min(FloatVector.fromArray(SPECIES, values, c + 3 * LANES));
            }
            smallest = m0.min(m1).min(m2.min(m3)).reduceLanes(VectorOperators.MIN);
        }
        for (; c + LANES <= k; c += LANES) {
            smallest = Math.min(smallest, FloatVector.fromArray(SPECIES, values, c).reduceLanes(VectorOperators.MIN));
        }
        for (; c < k; c++) {
            smallest = Math.min(smallest, values[c]);
        }
        return smallest;
    }

    /** The first c with values[c] == target; one exists. */
    private static int firstEqual(float[] values, int k, float target) {
        int c = 0;
        for (; c + LANES <= k; c += LANES) {
            if (FloatVector.fromArray(SPECIES, values, c).compare(VectorOperators.EQ, target).anyTrue()) {
                break;
            }
        }
        for (; c < k; c++) {
            if (values[c] == target) {
                return c;
            }
        }
        throw new IllegalStateException("no value equals the minimum " + target);
    }

    @Override
    public void decomposed(float[][] rows, float[] squaredNorms, int k, float[] x, int offset, int stride,
            int block, float[][] out) {
        if (block != 4) {
            for (int b = 0; b < block; b++) {
                decomposedOne(rows, squaredNorms, k, x, offset + b * stride, out[b]);
            }
            return;
        }
        int d = rows.length;
        int o0 = offset;
        int o1 = offset + stride;
        int o2 = offset + 2 * stride;
        int o3 = offset + 3 * stride;
        float[] out0 = out[0];
        float[] out1 = out[1];
        float[] out2 = out[2];
        float[] out3 = out[3];
        // −2·x_bj once per call, interleaved by coordinate: the inner loop broadcasts them from memory
        float[] factors = new float[4 * d];
        for (int j = 0; j < d; j++) {
            factors[4 * j] = -2 * x[o0 + j];
            factors[4 * j + 1] = -2 * x[o1 + j];
            factors[4 * j + 2] = -2 * x[o2 + j];
            factors[4 * j + 3] = -2 * x[o3 + j];
        }
        int c = 0;
        // 4 points × 4 vectors of centroids: sixteen accumulators, four row loads and four broadcasts per
        // sixteen fused multiply-adds
        for (; c + 4 * LANES <= k; c += 4 * LANES) {
            FloatVector normA = FloatVector.fromArray(SPECIES, squaredNorms, c);
            FloatVector normB = FloatVector.fromArray(SPECIES, squaredNorms, c + LANES);
            FloatVector normC = FloatVector.fromArray(SPECIES, squaredNorms, c + 2 * LANES);
            FloatVector normD = FloatVector.fromArray(SPECIES, squaredNorms, c + 3 * LANES);
            FloatVector s0a = normA;
            FloatVector s1a = normA;
            FloatVector s2a = normA;
            FloatVector s3a = normA;
            FloatVector s0b = normB;
            FloatVector s1b = normB;
            FloatVector s2b = normB;
            FloatVector s3b = normB;
            FloatVector s0c = normC;
            FloatVector s1c = normC;
            FloatVector s2c = normC;
            FloatVector s3c = normC;
            FloatVector s0d = normD;
            FloatVector s1d = normD;
            FloatVector s2d = normD;
            FloatVector s3d = normD;
            for (int j = 0; j < d; j++) {
                float[] row = rows[j];
                FloatVector ra = FloatVector.fromArray(SPECIES, row, c);
                FloatVector rb = FloatVector.fromArray(SPECIES, row, c + LANES);
                FloatVector rc = FloatVector.fromArray(SPECIES, row, c + 2 * LANES);
                FloatVector rd = FloatVector.fromArray(SPECIES, row, c + 3 * LANES);
                FloatVector a = FloatVector.broadcast(SPECIES, factors[4 * j]);
                s0a = a.fma(ra, s0a);
                s0b = a.fma(rb, s0b);
                s0c = a.fma(rc, s0c);
                s0d = a.fma(rd, s0d);
                a = FloatVector.broadcast(SPECIES, factors[4 * j + 1]);
                s1a = a.fma(ra, s1a);
                s1b = a.fma(rb, s1b);
                s1c = a.fma(rc, s1c);
                s1d = a.fma(rd, s1d);
                a = FloatVector.broadcast(SPECIES, factors[4 * j + 2]);
                s2a = a.fma(ra, s2a);
                s2b = a.fma(rb, s2b);
                s2c = a.fma(rc, s2c);
                s2d = a.fma(rd, s2d);
                a = FloatVector.broadcast(SPECIES, factors[4 * j + 3]);
                s3a = a.fma(ra, s3a);
                s3b = a.fma(rb, s3b);
                s3c = a.fma(rc, s3c);
                s3d = a.fma(rd, s3d);
            }
            s0a.intoArray(out0, c);
            s0b.intoArray(out0, c + LANES);
            s0c.intoArray(out0, c + 2 * LANES);
            s0d.intoArray(out0, c + 3 * LANES);
            s1a.intoArray(out1, c);
            s1b.intoArray(out1, c + LANES);
            s1c.intoArray(out1, c + 2 * LANES);
            s1d.intoArray(out1, c + 3 * LANES);
            s2a.intoArray(out2, c);
            s2b.intoArray(out2, c + LANES);
            s2c.intoArray(out2, c + 2 * LANES);
            s2d.intoArray(out2, c + 3 * LANES);
            s3a.intoArray(out3, c);
            s3b.intoArray(out3, c + LANES);
            s3c.intoArray(out3, c + 2 * LANES);
            s3d.intoArray(out3, c + 3 * LANES);
        }
        // 4 points × 2 vectors of centroids: eight accumulators, two row loads per eight fused multiply-adds
        for (; c + 2 * LANES <= k; c += 2 * LANES) {
            FloatVector normA = FloatVector.fromArray(SPECIES, squaredNorms, c);
            FloatVector normB = FloatVector.fromArray(SPECIES, squaredNorms, c + LANES);
            FloatVector s0a = normA;
            FloatVector s1a = normA;
            FloatVector s2a = normA;
            FloatVector s3a = normA;
            FloatVector s0b = normB;
            FloatVector s1b = normB;
            FloatVector s2b = normB;
            FloatVector s3b = normB;
            for (int j = 0; j < d; j++) {
                float[] row = rows[j];
                FloatVector ra = FloatVector.fromArray(SPECIES, row, c);
                FloatVector rb = FloatVector.fromArray(SPECIES, row, c + LANES);
                FloatVector a0 = FloatVector.broadcast(SPECIES, -2 * x[o0 + j]);
                s0a = a0.fma(ra, s0a);
                s0b = a0.fma(rb, s0b);
                FloatVector a1 = FloatVector.broadcast(SPECIES, -2 * x[o1 + j]);
                s1a = a1.fma(ra, s1a);
                s1b = a1.fma(rb, s1b);
                FloatVector a2 = FloatVector.broadcast(SPECIES, -2 * x[o2 + j]);
                s2a = a2.fma(ra, s2a);
                s2b = a2.fma(rb, s2b);
                FloatVector a3 = FloatVector.broadcast(SPECIES, -2 * x[o3 + j]);
                s3a = a3.fma(ra, s3a);
                s3b = a3.fma(rb, s3b);
            }
            s0a.intoArray(out0, c);
            s0b.intoArray(out0, c + LANES);
            s1a.intoArray(out1, c);
            s1b.intoArray(out1, c + LANES);
            s2a.intoArray(out2, c);
            s2b.intoArray(out2, c + LANES);
            s3a.intoArray(out3, c);
            s3b.intoArray(out3, c + LANES);
        }
        if (c < k) {
            for (int b = 0; b < 4; b++) {
                decomposedFrom(rows, squaredNorms, c, k, x, offset + b * stride, out[b]);
            }
        }
    }

    /** out[c] = fl(‖c‖² − 2⟨x, c⟩) for one point, two vectors of centroids per pass over the coordinates. */
    private static void decomposedOne(float[][] rows, float[] squaredNorms, int k, float[] x, int xOffset,
            float[] out) {
        int d = rows.length;
        int c = 0;
        for (; c + 2 * LANES <= k; c += 2 * LANES) {
            FloatVector sa = FloatVector.fromArray(SPECIES, squaredNorms, c);
            FloatVector sb = FloatVector.fromArray(SPECIES, squaredNorms, c + LANES);
            for (int j = 0; j < d; j++) {
                float[] row = rows[j];
                FloatVector a = FloatVector.broadcast(SPECIES, -2 * x[xOffset + j]);
                sa = a.fma(FloatVector.fromArray(SPECIES, row, c), sa);
                sb = a.fma(FloatVector.fromArray(SPECIES, row, c + LANES), sb);
            }
            sa.intoArray(out, c);
            sb.intoArray(out, c + LANES);
        }
        decomposedFrom(rows, squaredNorms, c, k, x, xOffset, out);
    }

    /** out[c] for c in [from, k): one vector of centroids, then one centroid at a time. */
    private static void decomposedFrom(float[][] rows, float[] squaredNorms, int from, int k, float[] x,
            int xOffset, float[] out) {
        int d = rows.length;
        int c = from;
        for (; c + LANES <= k; c += LANES) {
            FloatVector sum = FloatVector.fromArray(SPECIES, squaredNorms, c);
            for (int j = 0; j < d; j++) {
                sum = FloatVector.broadcast(SPECIES, -2 * x[xOffset + j]).fma(FloatVector.fromArray(SPECIES, rows[j], c), sum);
            }
            sum.intoArray(out, c);
        }
        for (; c < k; c++) {
            float sum = squaredNorms[c];
            for (int j = 0; j < d; j++) {
                sum = Math.fma(-2 * x[xOffset + j], rows[j][c], sum);
            }
            out[c] = sum;
        }
    }

    /** Exactly the indices within the margin of the minimum: a vector minimum, then a vector comparison. */
    @Override
    public int candidates(float[] values, int k, double slack, int[] candidates) {
        float margin = CentroidKernel.margin(minimum(values, k), slack);
        int kept = 0;
        int c = 0;
        for (; c + LANES <= k; c += LANES) {
            // on JDK 17 a mask's anyTrue is one instruction, its toLong a slow fallback
            if (FloatVector.fromArray(SPECIES, values, c).compare(VectorOperators.LE, margin).anyTrue()) {
                for (int lane = c; lane < c + LANES; lane++) {
                    if (values[lane] <= margin) {
                        if (kept < candidates.length) {
                            candidates[kept] = lane;
                        }
                        kept++;
                    }
                }
            }
        }
        for (; c < k; c++) {
            if (values[c] <= margin) {
                if (kept < candidates.length) {
                    candidates[kept] = c;
                }
                kept++;
            }
        }
        return kept;
    }

    @Override
    public String toString() {
        return "Vector API, " + LANES + " float lanes";
    }
}
