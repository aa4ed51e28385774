package io.flinkdrift.core.learners;

/**
 * Per-feature standardisation z = (x &minus; mean) / (std + 0.01) with mean and (population)
 * standard deviation fitted once on an initial batch and then frozen, as in the Lite-RVFL authors'
 * code. Freezing is deliberate: a running standardiser would change the features under the
 * already-fitted RLS weights and break the exact least-squares recursion; the 0.01 keeps constant
 * features finite. Immutable. Shared by the RVFL learner ({@code core.learners.rls}) and the
 * Kalman classifier ({@code core.learners.kalman}), whose codecs persist {@link #mean()} and
 * {@link #scale()}.
 */
public final class FrozenStandardizer {

    private static final double STD_OFFSET = 0.01;

    private final double[] mean;
    private final double[] scale;

    /**
     * A standardiser with the given per-feature mean and scale (as restored by a codec); the arrays
     * are kept, not copied, and must not be changed afterwards.
     *
     * @throws IllegalArgumentException if the lengths differ or a scale is not positive and finite
     */
    public FrozenStandardizer(double[] mean, double[] scale) {
        if (mean.length != scale.length) {
            throw new IllegalArgumentException(
                    "mean and scale must have the same length, got " + mean.length + " and " + scale.length);
        }
        for (int j = 0; j < scale.length; j++) {
            if (!(scale[j] > 0 && scale[j] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("scale[" + j + "] must be in (0, ∞), got " + scale[j]);
            }
        }
        this.mean = mean;
        this.scale = scale;
    }

    /** Fits on the first {@code count} rows of {@code rows} (count &ge; 1, all rows finite). */
    public static FrozenStandardizer fit(double[][] rows, int count) {
        int d = rows[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += rows[i][j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= count;
        }
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < d; j++) {
                double deviation = rows[i][j] - mean[j];
                scale[j] += deviation * deviation;
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = Math.sqrt(scale[j] / count) + STD_OFFSET;
        }
        return new FrozenStandardizer(mean, scale);
    }

    /** Writes the standardised {@code x} into {@code out}. */
    public void apply(double[] x, double[] out) {
        for (int j = 0; j < mean.length; j++) {
            out[j] = (x[j] - mean[j]) / scale[j];
        }
    }

    /** The per-feature mean, not a copy: do not change it. */
    public double[] mean() {
        return mean;
    }

    /** The per-feature scale (standard deviation + 0.01), not a copy: do not change it. */
    public double[] scale() {
        return scale;
    }
}
