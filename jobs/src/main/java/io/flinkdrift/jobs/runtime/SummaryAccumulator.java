package io.flinkdrift.jobs.runtime;

import java.io.Serializable;

/**
 * What one parallel subtask adds to a run summary between two flushes: elements are folded into a
 * partial {@code P} that is small (counts and sums, never a record list), so that a {@link
 * RunSummaryFunction} merges the partials of every subtask exactly and cheaply.
 *
 * @param <T> the element type
 * @param <P> the partial type, a Flink POJO
 */
public interface SummaryAccumulator<T, P> extends Serializable {

    /** Folds one element into the current partial. */
    void add(T element);

    /** True when nothing was added since the last {@link #drain}. */
    boolean isEmpty();

    /** True when the partial has reached its size bound and should be flushed now. */
    default boolean isFull() {
        return false;
    }

    /** The partial of everything added since the last call; the accumulator starts empty again. */
    P drain();
}
