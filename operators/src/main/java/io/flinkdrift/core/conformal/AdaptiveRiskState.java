package io.flinkdrift.core.conformal;

import java.util.Objects;

/**
 * The per-key state of an {@link AdaptiveRiskController}: the underlying weighted loss sums, the
 * running level α<sub>t</sub> and the number of elements fed back. Written by {@link
 * AdaptiveRiskStateCodec}.
 */
public final class AdaptiveRiskState {

    final DecayingLossSums sums;
    double level;
    long feedbackCount;

    AdaptiveRiskState(DecayingLossSums sums, double level, long feedbackCount) {
        this.sums = sums;
        this.level = level;
        this.feedbackCount = feedbackCount;
    }

    /** α<sub>t</sub>, the level the next answer is selected at. */
    public double level() {
        return level;
    }

    /** The underlying weighted loss sums. */
    public DecayingLossSums sums() {
        return sums;
    }

    /** Number of labelled elements fed back. */
    public long feedbackCount() {
        return feedbackCount;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdaptiveRiskState that && sums.equals(that.sums)
                && Double.compare(level, that.level) == 0 && feedbackCount == that.feedbackCount;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sums, level, feedbackCount);
    }

    @Override
    public String toString() {
        return "AdaptiveRiskState{level=" + level + ", fedBack=" + feedbackCount + ", " + sums + '}';
    }
}
