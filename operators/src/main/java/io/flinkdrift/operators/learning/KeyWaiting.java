package io.flinkdrift.operators.learning;

import io.flinkdrift.records.Label;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.TimerService;

/**
 * What waits under one key of {@link DelayedLabelLearningFunction}: its examples waiting for their
 * label, its labels waiting for their example, and their deadline timers, with the changes kept in
 * memory until {@link #write}, which writes all three together (so that, between writes, the state
 * holds a deadline only if it holds an element that waits for it).
 */
final class KeyWaiting {

    /** The key's examples waiting for their label. */
    final WaitingElements<PendingExample> examples;

    /** The key's labels waiting for their example. */
    final WaitingElements<Label> labels;

    private final DeadlineTimers deadlines;

    KeyWaiting(WaitingElements<PendingExample> examples, WaitingElements<Label> labels, DeadlineTimers deadlines) {
        this.examples = examples;
        this.labels = labels;
        this.deadlines = deadlines;
    }

    /** Takes a hold on the timer at {@code deadline} for one more waiting element. Call with the key current. */
    void hold(long deadline) throws Exception {
        deadlines.hold(deadline, examples.noneStored() && labels.noneStored());
    }

    /** Releases one waiting element's hold on the timer at {@code deadline}. Call with the key current. */
    void release(long deadline) throws Exception {
        deadlines.release(deadline);
    }

    /** Whether the changes kept in memory cancel out: writing them would change nothing. */
    boolean unchanged() {
        return examples.unchanged() && labels.unchanged() && deadlines.unchanged();
    }

    /** Writes the changes kept in memory, and registers or deletes their timers. Call with the key current. */
    void write(TimerService timers) throws Exception {
        examples.flush();
        labels.flush();
        deadlines.flush(timers);
    }

    /** The states a key's waiting elements are kept in. */
    record States(MapState<Long, PendingExample> examples, ValueState<Integer> exampleCount,
            MapState<Long, Label> labels, ValueState<Integer> labelCount, MapState<Long, Integer> holds) {

        /** A key's waiting elements, nothing read yet. */
        KeyWaiting newKey() {
            return new KeyWaiting(new WaitingElements<>(examples, exampleCount),
                    new WaitingElements<>(labels, labelCount), new DeadlineTimers(holds));
        }
    }
}
