package io.flinkdrift.operators.evaluation;

import java.io.Serializable;

/**
 * How long, in event time, an element waits for its counterpart: a prediction for its label or a
 * label for its prediction. An element with timestamp t waits until the watermark reaches
 * t + maxDelayMs, saturating at {@link Long#MAX_VALUE}.
 */
public final class LabelDeadline implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long maxDelayMs;

    /** @throws IllegalArgumentException if {@code maxDelayMs < 0} */
    public LabelDeadline(long maxDelayMs) {
        if (maxDelayMs < 0) {
            throw new IllegalArgumentException("maxDelayMs must be >= 0, got " + maxDelayMs);
        }
        this.maxDelayMs = maxDelayMs;
    }

    /** timestamp + maxDelayMs, saturating at {@link Long#MAX_VALUE}. */
    public long of(long timestamp) {
        return timestamp > Long.MAX_VALUE - maxDelayMs ? Long.MAX_VALUE : timestamp + maxDelayMs;
    }
}
