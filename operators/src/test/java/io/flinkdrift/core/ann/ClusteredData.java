package io.flinkdrift.core.ann;

import java.util.Random;

/**
 * Seeded synthetic data for the ann tests and benchmarks: an isotropic Gaussian mixture in flat
 * row-major layout, and its drift by rotation.
 */
public final class ClusteredData {

    private ClusteredData() {}

    /** numMeans means drawn uniformly from [−scale, scale]^d, row-major. */
    static float[] means(int numMeans, int d, double scale, Random random) {
        float[] means = new float[numMeans * d];
        for (int i = 0; i < means.length; i++) {
            means[i] = (float) ((2 * random.nextDouble() - 1) * scale);
        }
        return means;
    }

    /** n vectors, each a uniformly chosen mean plus N(0, sigma²) noise per coordinate. */
    static float[] sample(int n, float[] means, int d, double sigma, Random random) {
        int numMeans = means.length / d;
        float[] data = new float[n * d];
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(numMeans);
            for (int j = 0; j < d; j++) {
                data[i * d + j] = (float) (means[c * d + j] + sigma * random.nextGaussian());
            }
        }
        return data;
    }

    /** Row i of a row-major array, copied. */
    static float[] row(float[] data, int i, int d) {
        float[] row = new float[d];
        System.arraycopy(data, i * d, row, 0, d);
        return row;
    }

    /** The row-major means rotated by {@code angle} radians in every coordinate plane (2i, 2i + 1). */
    public static float[] rotated(float[] means, double angle) {
        float[] out = means.clone();
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        for (int i = 0; i < means.length; i += 2) {
            out[i] = (float) (cos * means[i] - sin * means[i + 1]);
            out[i + 1] = (float) (sin * means[i] + cos * means[i + 1]);
        }
        return out;
    }
}
