package io.flinkdrift.jobs.conformal;

import io.flinkdrift.jobs.runtime.RunSummaryFunction;
import io.flinkdrift.jobs.runtime.WindowRetention;
import io.flinkdrift.jobs.runtime.WindowSeries;
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
 * add their loss only. Per window of answer ids it keeps the mean width or set size, the realised
 * risk and the coverage in a {@link WindowSeries}.
 */
public final class ConformalSummaryFunction extends RunSummaryFunction<ConformalPartial, ConformalSummary> {

    private static final long serialVersionUID = 1L;

    /** Name of the accumulator holding the final summary (a list of one element). */
    public static final String ACCUMULATOR = "conformal.summary";

    /** Answer ids per window when the job does not choose ({@code --conformal} of a learning job). */
    public static final long DEFAULT_WINDOW = 1000;

    /** Window columns: answers after the warm-up and their sizes; labelled ones, their losses and those covered. */
    static final int EVALUATED = 0;
    static final int SIZE_SUM = 1;
    static final int LABELLED = 2;
    static final int LOSS_SUM = 3;
    static final int COVERED = 4;
    static final int WIDTH = 5;

    private final long windowSize;

    private transient ValueState<ConformalSummary> totals;
    private transient WindowSeries windows;

    /** @param windowSize answer ids per window, &ge; 1 */
    public ConformalSummaryFunction(long windowSize) {
        super(ACCUMULATOR);
        if (windowSize < 1) {
            throw new IllegalArgumentException("windowSize must be >= 1, got " + windowSize);
        }
        this.windowSize = windowSize;
    }

    /**
     * Adds the summary of {@code answers} and of {@code labelledLater} (null if labels come with
     * the answers) to their job: pre-aggregated at their parallelism, merged at parallelism 1.
     *
     * @param warmUp each key's first {@code warmUp} elements are counted as records only
     * @param windowSize answer ids per window of the summary's series, &ge; 1
     */
    public static void attach(DataStream<ConformalPrediction> answers, DataStream<ConformalPrediction> labelledLater,
            long warmUp, long windowSize) {
        DataStream<ConformalPartial> partials = RunSummaryFunction.partials(answers,
                new ConformalAccumulator(warmUp, true, windowSize, WindowRetention.MAX_WINDOWS), ConformalPartial.class,
                "conformal-summary-partials");
        if (labelledLater != null) {
            partials = partials.union(RunSummaryFunction.partials(labelledLater,
                    new ConformalAccumulator(warmUp, false, windowSize, WindowRetention.MAX_WINDOWS), ConformalPartial.class,
                    "conformal-late-summary-partials"));
        }
        RunSummaryFunction.merge(partials, new ConformalSummaryFunction(windowSize), "conformal-summary");
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
        windows = WindowSeries.open(getRuntimeContext(), WIDTH, WindowRetention.MAX_WINDOWS);
    }

    @Override
    protected void merge(ConformalPartial partial) throws Exception {
        ConformalSummary s = totals.value();
        if (s == null) {
            s = new ConformalSummary();
        }
        ConformalSummary added = partial.totals;
        s.records += added.records;
        s.evaluated += added.evaluated;
        s.labelled += added.labelled;
        s.covered += added.covered;
        s.infeasible += added.infeasible;
        s.lossSum += added.lossSum;
        s.sizeSum += added.sizeSum;
        s.lambdaSum += added.lambdaSum;
        totals.update(s);
        windows.merge(partial.windows);
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
            s.coverage = (double) s.covered / s.labelled;
        }
        WindowSeries.Windows series = windows.read();
        int size = series.indices().length;
        s.windowSize = windowSize;
        s.droppedWindows = series.dropped();
        s.windowStarts = new long[size];
        s.windowMeanSize = new double[size];
        s.windowRisk = new double[size];
        s.windowCoverage = new double[size];
        for (int i = 0; i < size; i++) {
            double[] row = series.rows()[i];
            s.windowStarts[i] = series.indices()[i] * windowSize;
            s.windowMeanSize[i] = row[SIZE_SUM] / row[EVALUATED];
            s.windowRisk[i] = row[LOSS_SUM] / row[LABELLED];
            s.windowCoverage[i] = row[COVERED] / row[LABELLED];
        }
        return s;
    }
}
