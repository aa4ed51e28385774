package io.flinkdrift.core.density;

import java.util.SplittableRandom;

/** Synthetic categorical streams with exactly known distributions, for the density tests. */
final class DriftingStreams {

    private DriftingStreams() {}

    /** Draws a symbol from {@code probabilities} (summing to 1). */
    static int sample(double[] probabilities, SplittableRandom random) {
        double u = random.nextDouble();
        double cumulative = 0.0;
        for (int symbol = 0; symbol < probabilities.length - 1; symbol++) {
            cumulative += probabilities[symbol];
            if (u < cumulative) {
                return symbol;
            }
        }
        return probabilities.length - 1;
    }

    /** {@code (1 - w) a + w b}. */
    static double[] mix(double[] a, double[] b, double w) {
        double[] mixture = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            mixture[i] = (1 - w) * a[i] + w * b[i];
        }
        return mixture;
    }

    /**
     * TV distance between an estimate over k + 1 bins (the last is "other") and a truth over k
     * symbols (no "other" mass).
     */
    static double totalVariation(double[] estimate, double[] truth) {
        double sum = 0.0;
        for (int bin = 0; bin < estimate.length; bin++) {
            sum += Math.abs(estimate[bin] - (bin < truth.length ? truth[bin] : 0.0));
        }
        return 0.5 * sum;
    }
}
