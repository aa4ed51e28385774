package io.flinkdrift.operators.learning;

import io.flinkdrift.records.Example;

import java.util.Objects;

/**
 * An example that {@link DelayedLabelLearningFunction} predicted but will never train on, and why.
 * A Flink POJO.
 */
public class DroppedExample {

    /** Why an example was dropped. */
    public enum Reason {
        /** The watermark passed its timestamp plus the maximum label delay before its label came. */
        EXPIRED,
        /** Its key already had the maximum number of pending examples and it was the oldest. */
        EVICTED,
        /** An example with the same id was already waiting for its label. */
        DUPLICATE
    }

    public Example example = new Example();
    public Reason reason = Reason.EXPIRED;

    public DroppedExample() {}

    public DroppedExample(Example example, Reason reason) {
        this.example = example;
        this.reason = reason;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DroppedExample)) {
            return false;
        }
        DroppedExample that = (DroppedExample) o;
        return reason == that.reason && Objects.equals(example, that.example);
    }

    @Override
    public int hashCode() {
        return Objects.hash(example, reason);
    }

    @Override
    public String toString() {
        return "DroppedExample{" + reason + ", " + example + '}';
    }
}
