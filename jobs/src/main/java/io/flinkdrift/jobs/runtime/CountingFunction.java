package io.flinkdrift.jobs.runtime;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.accumulators.LongMinimum;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Passes records through unchanged while counting them in the {@link JobRunner#PROCESSED_COUNTER}
 * and noting the wall-clock times of the first and the latest record ({@link #FIRST_RECORD_MILLIS},
 * {@link #LAST_RECORD_MILLIS}), so that a run's rate excludes job deployment and shutdown.
 */
public final class CountingFunction<T> extends RichMapFunction<T, T> {

    private static final long serialVersionUID = 1L;

    /** Accumulator: epoch milliseconds at which the first record was counted, over all subtasks. */
    public static final String FIRST_RECORD_MILLIS = "records.first-millis";

    /** Accumulator: epoch milliseconds at which the latest record was counted, over all subtasks. */
    public static final String LAST_RECORD_MILLIS = "records.last-millis";

    private transient LongCounter processed;
    private transient LongMinimum first;
    private transient LongMaximum last;
    private transient boolean counted;

    @Override
    public void open(OpenContext openContext) {
        processed = getRuntimeContext().getLongCounter(JobRunner.PROCESSED_COUNTER);
        first = new LongMinimum();
        last = new LongMaximum();
        getRuntimeContext().addAccumulator(FIRST_RECORD_MILLIS, first);
        getRuntimeContext().addAccumulator(LAST_RECORD_MILLIS, last);
    }

    @Override
    public T map(T value) {
        processed.add(1L);
        long now = System.currentTimeMillis();
        if (!counted) {
            first.add(now);
            counted = true;
        }
        last.add(now);
        return value;
    }
}
