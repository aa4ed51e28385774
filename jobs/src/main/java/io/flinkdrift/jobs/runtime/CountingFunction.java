package io.flinkdrift.jobs.runtime;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Passes records through unchanged while counting them in the {@link JobRunner#PROCESSED_COUNTER}. */
public final class CountingFunction<T> extends RichMapFunction<T, T> {

    private static final long serialVersionUID = 1L;

    private transient LongCounter processed;

    @Override
    public void open(OpenContext openContext) {
        processed = getRuntimeContext().getLongCounter(JobRunner.PROCESSED_COUNTER);
    }

    @Override
    public T map(T value) {
        processed.add(1L);
        return value;
    }
}
