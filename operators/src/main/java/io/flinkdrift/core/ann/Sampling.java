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

    /**
     * The timestamp from which on the newest {@code share} of the vectors lie: that of rank
     * ⌊(1 − share)·n⌋ of {@code timestamps} in ascending order, so that every vector of that timestamp is
     * included; {@link Long#MIN_VALUE} (all of them) when share is at least 1 or there are none.
     */
    static long newestFrom(long[] timestamps, double share) {
        if (share >= 1 || timestamps.length == 0) {
            return Long.MIN_VALUE;
        }
        long[] sorted = timestamps.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.floor((1 - share) * sorted.length)];
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
