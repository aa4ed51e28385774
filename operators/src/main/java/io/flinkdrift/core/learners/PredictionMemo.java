package io.flinkdrift.core.learners;

import java.util.Arrays;

/**
 * Which features a wrapper last predicted for, at which model version: in prequential order
 * {@code learn} receives the features of the preceding {@code predictProbabilities} call, and a
 * wrapper that remembered what its models predicted then need not ask them again. A copy of the
 * features is kept, so a caller that changes its array in between is not fooled.
 */
final class PredictionMemo {

    private double[] features = new double[0];
    private long version = -1;

    /** Records that {@code features} were predicted at model version {@code version}. */
    void remember(double[] features, long version) {
        if (this.features.length != features.length) {
            this.features = new double[features.length];
        }
        System.arraycopy(features, 0, this.features, 0, features.length);
        this.version = version;
    }

    /** Whether the last prediction was for equal {@code features} at model version {@code version}. */
    boolean matches(double[] features, long version) {
        return this.version == version && Arrays.equals(features, this.features);
    }
}
