package io.flinkdrift.core.ann;

import java.util.Arrays;
import java.util.SplittableRandom;

/** The seeded randomness of training and maintenance, so that a replica and its shards draw alike. */
final class Sampling {

    private Sampling() {}

    /** The generator of the step that publishes {@code version}: a pure function of the seed and the version. */
    static SplittableRandom random(IvfPqConfig config, long version) {
        return new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + version);
    }

    /** A uniform sample without replacement of min(n, max) rows, in a new array. */
    static float[] subsample(float[] data, int n, int d, long max, SplittableRandom random) {
        if (n <= max) {
            return Arrays.copyOf(data, n * d);
        }
        int m = (int) max;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        float[] sample = new float[m * d];
        for (int i = 0; i < m; i++) {
            int pick = i + random.nextInt(n - i);
            int chosen = order[pick];
            order[pick] = order[i];
            order[i] = chosen;
            System.arraycopy(data, chosen * d, sample, i * d, d);
        }
        return sample;
    }
}
