package io.flinkdrift.core.ann;

/**
 * The {@link CentroidKernel} in plain Java: loops over the k centroids of one coordinate row, a shape
 * JDK 17's C2 vectorises itself (it does not vectorise loops over several points or rows at once).
 */
final class ScalarCentroidKernel implements CentroidKernel {

    @Override
    public void distances(float[][] rows, int k, float[] x, int xOffset, float[] out) {
        float[] row = rows[0];
        float value = x[xOffset];
        for (int c = 0; c < k; c++) {
            float diff = value - row[c];
            out[c] = diff * diff;
        }
        for (int j = 1; j < rows.length; j++) {
            row = rows[j];
            value = x[xOffset + j];
            for (int c = 0; c < k; c++) {
                float diff = value - row[c];
                out[c] += diff * diff;
            }
        }
    }

    @Override
    public int nearest(float[][] rows, int k, float[] x, int xOffset, float[] scratch) {
        distances(rows, k, x, xOffset, scratch);
        return firstMinimum(scratch, k);
    }

    /** The index of the first smallest of values[0 .. k). */
    private static int firstMinimum(float[] values, int k) {
        int best = 0;
        float bestValue = values[0];
        for (int c = 1; c < k; c++) {
            // branch-free (conditional moves): which centroid wins is unpredictable
            float value = values[c];
            boolean smaller = value < bestValue;
            best = smaller ? c : best;
            bestValue = smaller ? value : bestValue;
        }
        return best;
    }

    /** One point at a time over four coordinate rows, which stay in the first-level cache for the next point. */
    @Override
    public void decomposed(float[][] rows, float[] squaredNorms, int k, float[] x, int offset, int stride,
            int block, float[][] out) {
        for (int b = 0; b < block; b++) {
            System.arraycopy(squaredNorms, 0, out[b], 0, k);
        }
        int d = rows.length;
        int j = 0;
        for (; j + 4 <= d; j += 4) {
            float[] r0 = rows[j];
            float[] r1 = rows[j + 1];
            float[] r2 = rows[j + 2];
            float[] r3 = rows[j + 3];
            for (int b = 0; b < block; b++) {
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
            float[] row = rows[j];
            for (int b = 0; b < block; b++) {
                float a = -2 * x[offset + b * stride + j];
                float[] values = out[b];
                for (int c = 0; c < k; c++) {
                    values[c] = Math.fma(a, row[c], values[c]);
                }
            }
        }
    }

    /**
     * One pass: keeps every index within the margin of the smallest value so far, a superset of those
     * within the margin of the final smallest (the margin only shrinks), and each new smallest.
     */
    @Override
    public int candidates(float[] values, int k, double slack, int[] candidates) {
        float smallest = Float.POSITIVE_INFINITY;
        float runningMargin = Float.POSITIVE_INFINITY;
        int kept = 0;
        for (int c = 0; c < k; c++) {
            float value = values[c];
            if (value <= runningMargin) {
                if (kept < candidates.length) {
                    candidates[kept] = c;
                }
                kept++;
                if (value < smallest) {
                    smallest = value;
                    runningMargin = CentroidKernel.margin(smallest, slack);
                }
            }
        }
        return kept;
    }

    @Override
    public String toString() {
        return "scalar";
    }
}
