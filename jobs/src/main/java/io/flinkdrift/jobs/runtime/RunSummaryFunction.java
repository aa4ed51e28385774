package io.flinkdrift.jobs.runtime;

import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.io.Serializable;

/**
 * Merges the partials {@code P} of a run, pre-aggregated by a {@link PartialSummaryOperator} in
 * every parallel subtask, into one summary {@code S}, emitted when the input ends (the watermark
 * reaches its maximum) both downstream and as an accumulator that the client reads from the job
 * result. Runs on a single key ({@link #KEY}) at parallelism 1, but sees only a few partials per
 * checkpoint and subtask, never a record; its state is checkpointed and the partials are flushed
 * before every barrier, so the summary of a run that failed over counts every record exactly once.
 *
 * <p>Partials are sums and counts, so the merged summary does not depend on how records were
 * spread over subtasks or when partials were flushed (floating-point sums up to rounding).
 *
 * @param <P> the partial type
 * @param <S> the summary type, serializable because it travels in an accumulator
 */
public abstract class RunSummaryFunction<P, S extends Serializable> extends KeyedProcessFunction<Integer, P, S> {

    private static final long serialVersionUID = 1L;

    /** The one key every partial is routed to. */
    public static final Integer KEY = 0;

    private final String accumulatorName;

    private transient ListAccumulator<S> finalSummary;

    /** @param accumulatorName name of the accumulator holding the final summary (a list of one) */
    protected RunSummaryFunction(String accumulatorName) {
        this.accumulatorName = accumulatorName;
    }

    /**
     * Pre-aggregates {@code elements} in their own subtasks (chained, at their parallelism).
     *
     * @param uid the stable uid of the pre-aggregation operator
     */
    public static <T, P> DataStream<P> partials(DataStream<T> elements, SummaryAccumulator<T, P> accumulator,
            Class<P> partialType, String uid) {
        return ChainedOperators.chained(elements
                .transform("partial " + uid, TypeInformation.of(partialType), new PartialSummaryOperator<>(accumulator))
                .uid(uid)
                .setParallelism(elements.getParallelism()));
    }

    /**
     * Merges {@code partials} in {@code summary}, on one key at parallelism 1.
     *
     * @param uid the stable uid of the summary operator, also its name
     */
    public static <P> void merge(DataStream<P> partials, RunSummaryFunction<P, ?> summary, String uid) {
        partials.keyBy(partial -> KEY, TypeInformation.of(Integer.class))
                .process(summary)
                .name(uid)
                .uid(uid)
                .setParallelism(1);
    }

    /** Registers the subclass's state; called from {@link #open}. */
    protected abstract void openState() throws Exception;

    /** Adds one partial to the state. */
    protected abstract void merge(P partial) throws Exception;

    /** The summary of everything merged so far. */
    protected abstract S summarize() throws Exception;

    @Override
    public final void open(OpenContext openContext) throws Exception {
        finalSummary = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(accumulatorName, finalSummary);
        openState();
    }

    @Override
    public final void processElement(P partial, Context ctx, Collector<S> out) throws Exception {
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE); // idempotent
        merge(partial);
    }

    @Override
    public final void onTimer(long timestamp, OnTimerContext ctx, Collector<S> out) throws Exception {
        S summary = summarize();
        finalSummary.add(summary);
        out.collect(summary);
    }
}
