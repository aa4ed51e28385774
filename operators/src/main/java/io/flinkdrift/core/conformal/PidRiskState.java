package io.flinkdrift.core.conformal;

import java.util.Objects;

/**
 * The per-key state of a {@link PidRiskController}: the proportional threshold p<sub>t</sub>, the
 * error sum E<sub>t</sub> and the number of elements fed back. Written by {@link PidRiskStateCodec}.
 */
public final class PidRiskState {

    double proportional;
    double errorSum;
    long feedbackCount;

    PidRiskState(double proportional, double errorSum, long feedbackCount) {
        this.proportional = proportional;
        this.errorSum = errorSum;
        this.feedbackCount = feedbackCount;
    }

    /** E<sub>t</sub> = Σ (L<sub>i</sub> − α) over the elements fed back. */
    public double errorSum() {
        return errorSum;
    }

    /** Number of labelled elements fed back. */
    public long feedbackCount() {
        return feedbackCount;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PidRiskState that && Double.compare(proportional, that.proportional) == 0
                && Double.compare(errorSum, that.errorSum) == 0 && feedbackCount == that.feedbackCount;
    }

    @Override
    public int hashCode() {
        return Objects.hash(proportional, errorSum, feedbackCount);
    }

    @Override
    public String toString() {
        return "PidRiskState{p=" + proportional + ", E=" + errorSum + ", fedBack=" + feedbackCount + '}';
    }
}
