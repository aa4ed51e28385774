package io.flinkdrift.jobs.conformal;

import io.flinkdrift.jobs.runtime.RunSummaryFunction;
import io.flinkdrift.operators.conformal.ConformalPrediction;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.List;

/**
 * Folds every {@link ConformalPrediction} of a run into one {@link ConformalSummary}, emitted when
 * the input ends, downstream and as the {@link #ACCUMULATOR} accumulator; like {@link
 * RunSummaryFunction} it runs on the single key {@link RunSummaryFunction#KEY} and keeps its totals
 * in checkpointed state, so a run that failed over counts every element once. The first input is
 * every answer as it is given, the second earlier answers whose label came later (their loss only).
 */
public final class ConformalSummaryFunction
        extends KeyedCoProcessFunction<Integer, ConformalPrediction, ConformalPrediction, ConformalSummary> {

    private static final long serialVersionUID = 1L;

    /** Name of the accumulator holding the final summary (a list of one element). */
    public static final String ACCUMULATOR = "conformal.summary";

    private final long warmUp;

    private transient ValueState<ConformalSummary> totals;
    private transient ListAccumulator<ConformalSummary> finalSummary;

    /** @param warmUp each key's first {@code warmUp} elements are counted as records only */
    public ConformalSummaryFunction(long warmUp) {
        this.warmUp = warmUp;
    }

    /**
     * Adds the summary of {@code answers} and of {@code labelledLater} (null if labels come with
     * the answers), on one key at parallelism 1, to their job.
     */
    public static void attach(DataStream<ConformalPrediction> answers, DataStream<ConformalPrediction> labelledLater,
            long warmUp) {
        DataStream<ConformalPrediction> late = labelledLater != null ? labelledLater
                : answers.filter(answer -> false).name("no late labels").uid("no-late-labels");
        answers.connect(late)
                .keyBy(answer -> RunSummaryFunction.KEY, answer -> RunSummaryFunction.KEY)
                .process(new ConformalSummaryFunction(warmUp))
                .name("conformal summary")
                .uid("conformal-summary")
                .setParallelism(1);
    }

    /** The summary a finished job delivered, null if it had no conformal summary. */
    public static ConformalSummary result(JobExecutionResult result) {
        List<ConformalSummary> summaries = result.getAccumulatorResult(ACCUMULATOR);
        return summaries == null || summaries.isEmpty() ? null : summaries.get(0);
    }

    @Override
    public void open(OpenContext openContext) {
        totals = getRuntimeContext().getState(
                new ValueStateDescriptor<>("totals", TypeInformation.of(ConformalSummary.class)));
        finalSummary = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(ACCUMULATOR, finalSummary);
    }

    @Override
    public void processElement1(ConformalPrediction answer, Context ctx, Collector<ConformalSummary> out)
            throws Exception {
        ConformalSummary s = totals.value();
        if (s == null) {
            s = new ConformalSummary();
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        s.records++;
        if (answer.streamIndex >= warmUp) {
            s.evaluated++;
            s.sizeSum += answer.size;
            s.lambdaSum += answer.lambda;
            s.infeasible += answer.infeasible ? 1 : 0;
            addLoss(s, answer);
        }
        totals.update(s);
    }

    @Override
    public void processElement2(ConformalPrediction labelledLater, Context ctx, Collector<ConformalSummary> out)
            throws Exception {
        ConformalSummary s = totals.value();
        if (s == null) {
            s = new ConformalSummary();
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        if (labelledLater.streamIndex >= warmUp) {
            addLoss(s, labelledLater);
        }
        totals.update(s);
    }

    private static void addLoss(ConformalSummary s, ConformalPrediction answer) {
        if (!Double.isNaN(answer.loss)) {
            s.labelled++;
            s.lossSum += answer.loss;
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ConformalSummary> out) throws Exception {
        ConformalSummary s = totals.value();
        if (s == null) {
            s = new ConformalSummary();
        }
        if (s.evaluated > 0) {
            s.meanSize = s.sizeSum / s.evaluated;
            s.meanLambda = s.lambdaSum / s.evaluated;
        }
        if (s.labelled > 0) {
            s.meanLoss = s.lossSum / s.labelled;
        }
        finalSummary.add(s);
        out.collect(s);
    }
}
