package io.flinkdrift.jobs.runtime;

import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.io.Serializable;

/**
 * Folds every prediction of a run into one summary {@code S}, emitted when the input ends (the
 * watermark reaches its maximum), both downstream and as an accumulator that the client reads from
 * the job result. Runs on a single key ({@link #KEY}), so the metrics are global across the job's
 * parallel models; its state is checkpointed, so the summary of a run that failed over counts
 * every prediction exactly once.
 *
 * <p>The first input is every prediction as it is made (counted as a record, and evaluated when it
 * carries its label); the second is earlier predictions whose label arrived later (evaluated only),
 * so delayed labels are scored against the prediction made before them. Subclasses keep the
 * metrics.
 *
 * @param <S> the summary type, serializable because it travels in an accumulator
 */
public abstract class RunSummaryFunction<S extends Serializable>
        extends KeyedCoProcessFunction<Integer, Prediction, Prediction, S> {

    private static final long serialVersionUID = 1L;

    /** The one key every prediction is routed to. */
    public static final Integer KEY = 0;

    private final String accumulatorName;

    private transient ValueState<Long> records;
    private transient ListAccumulator<S> finalSummary;

    /** @param accumulatorName name of the accumulator holding the final summary (a list of one) */
    protected RunSummaryFunction(String accumulatorName) {
        this.accumulatorName = accumulatorName;
    }

    /** Registers the subclass's metric state; called from {@link #open}. */
    protected abstract void openMetrics() throws Exception;

    /** Adds one labelled prediction to the metrics. */
    protected abstract void evaluate(Prediction labelled) throws Exception;

    /** The summary of everything evaluated so far, for a run of {@code records} predictions. */
    protected abstract S summarize(long records) throws Exception;

    @Override
    public final void open(OpenContext openContext) throws Exception {
        records = getRuntimeContext().getState(new ValueStateDescriptor<>("records", Types.LONG));
        finalSummary = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(accumulatorName, finalSummary);
        openMetrics();
    }

    @Override
    public final void processElement1(Prediction prediction, Context ctx, Collector<S> out) throws Exception {
        Long count = records.value();
        if (count == null) {
            count = 0L;
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        records.update(count + 1);
        if (prediction.labelled()) {
            evaluate(prediction);
        }
    }

    @Override
    public final void processElement2(Prediction labelledLater, Context ctx, Collector<S> out) throws Exception {
        evaluate(labelledLater);
    }

    @Override
    public final void onTimer(long timestamp, OnTimerContext ctx, Collector<S> out) throws Exception {
        Long count = records.value();
        S summary = summarize(count == null ? 0 : count);
        finalSummary.add(summary);
        out.collect(summary);
    }
}
