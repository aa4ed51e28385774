package io.flinkdrift.jobs.conformal;

import io.flinkdrift.jobs.runtime.RunSummaryFunction;
import io.flinkdrift.operators.conformal.ConformalPrediction;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.List;

/**
 * Merges the running totals of every {@link ConformalPrediction} of a run, pre-aggregated in each
 * subtask by a {@link ConformalAccumulator}, into one {@link ConformalSummary}, emitted when the
 * input ends, downstream and as the {@link #ACCUMULATOR} accumulator (see {@link
 * RunSummaryFunction}). Answers are counted as they are given; earlier answers whose label came later
 * add their loss only.
 */
public final class ConformalSummaryFunction extends RunSummaryFunction<ConformalSummary, ConformalSummary> {

    private static final long serialVersionUID = 1L;

    /** Name of the accumulator holding the final summary (a list of one element). */
    public static final String ACCUMULATOR = "conformal.summary";

    private transient ValueState<ConformalSummary> totals;

    public ConformalSummaryFunction() {
        super(ACCUMULATOR);
    }

    /**
     * Adds the summary of {@code answers} and of {@code labelledLater} (null if labels come with
     * the answers) to their job: pre-aggregated at their parallelism, merged at parallelism 1.
     *
     * @param warmUp each key's first {@code warmUp} elements are counted as records only
     */
    public static void attach(DataStream<ConformalPrediction> answers, DataStream<ConformalPrediction> labelledLater,
            long warmUp) {
        DataStream<ConformalSummary> partials = RunSummaryFunction.partials(answers,
                new ConformalAccumulator(warmUp, true), ConformalSummary.class, "conformal-summary-partials");
        if (labelledLater != null) {
            partials = partials.union(RunSummaryFunction.partials(labelledLater,
                    new ConformalAccumulator(warmUp, false), ConformalSummary.class, "conformal-late-summary-partials"));
        }
        RunSummaryFunction.merge(partials, new ConformalSummaryFunction(), "conformal-summary");
    }

    /** The summary a finished job delivered, null if it had no conformal summary. */
    public static ConformalSummary result(JobExecutionResult result) {
        List<ConformalSummary> summaries = result.getAccumulatorResult(ACCUMULATOR);
        return summaries == null || summaries.isEmpty() ? null : summaries.get(0);
    }

    @Override
    protected void openState() {
        totals = getRuntimeContext().getState(
                new ValueStateDescriptor<>("totals", TypeInformation.of(ConformalSummary.class)));
    }

    @Override
    protected void merge(ConformalSummary partial) throws Exception {
        ConformalSummary s = totals.value();
        if (s == null) {
            s = new ConformalSummary();
        }
        s.records += partial.records;
        s.evaluated += partial.evaluated;
        s.labelled += partial.labelled;
        s.infeasible += partial.infeasible;
        s.lossSum += partial.lossSum;
        s.sizeSum += partial.sizeSum;
        s.lambdaSum += partial.lambdaSum;
        totals.update(s);
    }

    @Override
    protected ConformalSummary summarize() throws Exception {
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
        return s;
    }
}
