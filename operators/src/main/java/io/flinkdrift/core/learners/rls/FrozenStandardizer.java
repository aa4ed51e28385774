package io.flinkdrift.core.learners.rls;

/**
 * Per-feature standardisation z = (x &minus; mean) / (std + 0.01) with mean and (population)
 * standard deviation fitted once on an initial batch and then frozen, as in the Lite-RVFL authors'
 * code. Freezing is deliberate: a running standardiser would change the features under the
 * already-fitted RLS weights and break the exact least-squares recursion; the 0.01 keeps constant
 * features finite. Immutable.
 */
public final class FrozenStandardizer {

    static final double STD_OFFSET = 0.01;

    private final double[] mean;
    private final double[] scale;

    FrozenStandardizer(double[] mean, double[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    /** Fits on the first {@code count} rows of {@code rows} (count &ge; 1, all rows finite). */
    static FrozenStandardizer fit(double[][] rows, int count) {
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

    double[] mean() {
        return mean;
    }

    double[] scale() {
        return scale;
    }
}
