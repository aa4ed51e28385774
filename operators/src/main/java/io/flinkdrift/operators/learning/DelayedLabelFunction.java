package io.flinkdrift.operators.learning;

import io.flinkdrift.records.Label;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A keyed function of elements that wait for their delayed labels (examples or predictions on the
 * first input, labels on the second, event-time label deadlines), written as steps over a run of
 * the current key's elements, so that it runs record at a time (a run of one element, here) or in
 * bundles ({@link BundledDelayedLabelOperator}, a run per key and bundle) with the same state,
 * timers and outputs.
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

    /** An element of the current key, in the run of its elements. */
    protected abstract void element(IN element, TimerService timers, Collector<OUT> out, KeyedModel.SideOutputs side)
            throws Exception;

    /** A label of the current key, in the run of its elements. */
    protected abstract void label(Label label, TimerService timers, KeyedModel.SideOutputs side) throws Exception;

    /** Ends a run of the current key's elements: writes back the state read for it. */
    protected abstract void finishKey() throws Exception;

    /** The current key's label deadline at {@code timestamp}; outputs carry that timestamp. */
    protected abstract void expire(long timestamp, TimerService timers, KeyedModel.SideOutputs side) throws Exception;

    @Override
    public void open(OpenContext openContext) {
        open(getRuntimeContext());
    }

    @Override
    public void processElement1(IN element, Context ctx, Collector<OUT> out) throws Exception {
        element(element, ctx.timerService(), out, ctx::output);
        finishKey();
    }

    @Override
    public void processElement2(Label label, Context ctx, Collector<OUT> out) throws Exception {
        label(label, ctx.timerService(), ctx::output);
        finishKey();
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {
        expire(timestamp, ctx.timerService(), ctx::output);
    }
}
