package io.flinkdrift.operators.learning;

import io.flinkdrift.records.Label;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Collection;
import java.util.List;

/**
 * A keyed function of elements that wait for their delayed labels (examples or predictions on the
 * first input, labels on the second, event-time label deadlines), written as steps over a run of
 * the current key's elements, so that it runs record at a time (a run of one element, here) or in
 * bundles ({@link BundledDelayedLabelOperator}, a run per key and bundle) with the same state,
 * timers and outputs.
 *
 * <p>A function may keep a key's changes to what waits in memory beyond a run ({@link
 * #unwrittenKeys}), until they are written by {@link #writeKey}: record at a time, here, after every
 * step; in bundles, before a checkpoint, at the end of an input and before event time passes a
 * deadline they touched ({@link #unwrittenDeadlineBy}).
 *
 * @param <IN> the type of the elements that wait for a label
 * @param <OUT> the output type
 */
public abstract class DelayedLabelFunction<IN, OUT> extends KeyedCoProcessFunction<String, IN, Label, OUT> {

    private static final long serialVersionUID = 1L;

    /**
     * Registers the state, metrics and accumulators in {@code context}: of this function, or of a
     * bundled operator running it.
     */
    protected abstract void open(RuntimeContext context);

    /** An element of the current key {@code key}, in the run of its elements. */
    protected abstract void element(String key, IN element, TimerService timers, Collector<OUT> out,
            KeyedModel.SideOutputs side) throws Exception;

    /** A label of the current key {@code key}, in the run of its elements. */
    protected abstract void label(String key, Label label, TimerService timers, KeyedModel.SideOutputs side)
            throws Exception;

    /** Ends a run of the current key's elements: writes back the state read for it. */
    protected abstract void finishKey() throws Exception;

    /** The current key's label deadline at {@code timestamp}; outputs carry that timestamp. */
    protected abstract void expire(String key, long timestamp, TimerService timers, KeyedModel.SideOutputs side)
            throws Exception;

    /** The keys whose changes are kept in memory, not yet written by {@link #writeKey}; none by default. */
    protected Collection<String> unwrittenKeys() {
        return List.of();
    }

    /** How many keys {@link #unwrittenKeys} holds; 0 by default. */
    protected int unwrittenKeyCount() {
        return 0;
    }

    /** Whether changes kept in memory touch a label deadline at or before {@code time}; false by default. */
    protected boolean unwrittenDeadlineBy(long time) {
        return false;
    }

    /** Writes the changes kept in memory for {@code key}, the current key, and registers or deletes its timers. */
    protected void writeKey(String key, TimerService timers) throws Exception {}

    @Override
    public void open(OpenContext openContext) {
        open(getRuntimeContext());
    }

    @Override
    public void processElement1(IN element, Context ctx, Collector<OUT> out) throws Exception {
        element(ctx.getCurrentKey(), element, ctx.timerService(), out, ctx::output);
        finishKey();
        writeKey(ctx.getCurrentKey(), ctx.timerService());
    }

    @Override
    public void processElement2(Label label, Context ctx, Collector<OUT> out) throws Exception {
        label(ctx.getCurrentKey(), label, ctx.timerService(), ctx::output);
        finishKey();
        writeKey(ctx.getCurrentKey(), ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {
        expire(ctx.getCurrentKey(), timestamp, ctx.timerService(), ctx::output);
        writeKey(ctx.getCurrentKey(), ctx.timerService());
    }
}
