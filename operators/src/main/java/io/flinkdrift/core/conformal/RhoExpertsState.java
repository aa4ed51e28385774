package io.flinkdrift.core.conformal;

import java.util.Arrays;
import java.util.Objects;

/**
 * The per-key state of a {@link RhoExpertsRiskController}: each expert's weighted loss sums, the
 * experts' weights (summing to 1), the shared level α<sub>t</sub> and the number of elements fed
 * back. Written by {@link RhoExpertsStateCodec}.
 */
public final class RhoExpertsState {

    final DecayingLossSums[] sums;
    final double[] weights;
    double level;
    long feedbackCount;

    RhoExpertsState(DecayingLossSums[] sums, double[] weights, double level, long feedbackCount) {
        this.sums = sums;
        this.weights = weights;
        this.level = level;
        this.feedbackCount = feedbackCount;
    }

    /** The experts' current weights, in the order of the controller's ρ grid. */
    public double[] weights() {
        return weights.clone();
    }

    /** α<sub>t</sub>, the level the next answer is selected at. */
    public double level() {
        return level;
    }

    /** Number of labelled elements fed back. */
    public long feedbackCount() {
        return feedbackCount;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RhoExpertsState that && Arrays.equals(sums, that.sums)
                && Arrays.equals(weights, that.weights) && Double.compare(level, that.level) == 0
                && feedbackCount == that.feedbackCount;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(sums), Arrays.hashCode(weights), level, feedbackCount);
    }

    @Override
    public String toString() {
        return "RhoExpertsState{weights=" + Arrays.toString(weights) + ", level=" + level + ", fedBack="
                + feedbackCount + '}';
    }
}
