package io.flinkdrift.jobs.regress;

import io.flinkdrift.core.evaluation.RegressionMetrics;
import io.flinkdrift.core.evaluation.RegressionMetricsCodec;
import io.flinkdrift.core.state.CodecBytes;
import io.flinkdrift.jobs.runtime.PredictionSummaryFunction;
import io.flinkdrift.jobs.runtime.RunSummaryFunction;
import io.flinkdrift.jobs.runtime.SummaryAccumulator;
import io.flinkdrift.jobs.runtime.WindowSeries;
import io.flinkdrift.operators.state.CodecSerializer;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The {@link RunSummaryFunction} of regression: MAE and RMSE of the run and of the no-change
 * baseline, and both per consecutive window of record ids with the concept changes, merged from the
 * subtasks' {@link RegressionPartial}s. Windows live in a {@link WindowSeries} that keeps at most
 * {@code maxWindows}, the oldest dropped first.
 */
public final class RegressionSummaryFunction extends PredictionSummaryFunction<RegressionPartial, RegressionSummary> {

    private static final long serialVersionUID = 1L;

    /** Name of the accumulator holding the final summary (a list of one element). */
    public static final String ACCUMULATOR = "regression.summary";

    /**
     * Window columns: the learner's finite predictions ({@link #LABELLED}) and the no-change
     * baseline's ({@link #NO_CHANGE}), each a count followed by its sum of absolute errors (offset
     * {@link #ABSOLUTE_ERROR}) and of squared errors (offset {@link #SQUARED_ERROR}).
     */
    static final int LABELLED = 0;
    static final int NO_CHANGE = 3;
    static final int ABSOLUTE_ERROR = 1;
    static final int SQUARED_ERROR = 2;
    static final int WIDTH = 6;

    private transient ValueState<Long> records;
    private transient ValueState<RegressionMetrics> metrics;
    private transient ValueState<Long> nonFinite;
    private transient ValueState<double[]> noChange;
    private transient WindowSeries windows;

    /**
     * @param windowSize records (by id) per error window, &ge; 1
     * @param maxWindows windows retained, &ge; 1
     */
    public RegressionSummaryFunction(long windowSize, int maxWindows) {
        super(ACCUMULATOR, windowSize, maxWindows);
    }

    @Override
    public SummaryAccumulator<Prediction, RegressionPartial> accumulator(boolean countsRecords) {
        return new RegressionAccumulator(windowSize, maxWindows, countsRecords);
    }

    @Override
    public Class<RegressionPartial> partialType() {
        return RegressionPartial.class;
    }

    @Override
    protected void openState() {
        records = getRuntimeContext().getState(new ValueStateDescriptor<>("records", Types.LONG));
        metrics = getRuntimeContext().getState(
                new ValueStateDescriptor<>("metrics", new CodecSerializer<>(RegressionMetricsCodec.class)));
        nonFinite = getRuntimeContext().getState(new ValueStateDescriptor<>("non-finite", Types.LONG));
        noChange = getRuntimeContext().getState(
                new ValueStateDescriptor<>("no-change", PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
        windows = WindowSeries.open(getRuntimeContext(), WIDTH, maxWindows);
    }

    @Override
    protected void merge(RegressionPartial partial) throws Exception {
        records.update(orZero(records.value()) + partial.records);
        if (partial.nonFinite > 0) {
            nonFinite.update(orZero(nonFinite.value()) + partial.nonFinite);
        }
        if (partial.metrics.length > 0) {
            RegressionMetrics added = CodecBytes.decode(new RegressionMetricsCodec(), partial.metrics);
            RegressionMetrics m = metrics.value();
            if (m != null) {
                added.merge(m);
            }
            metrics.update(added);
        }
        if (partial.noChange[0] > 0) {
            double[] n = noChange.value();
            n = n == null ? new double[3] : n;
            for (int i = 0; i < n.length; i++) {
                n[i] += partial.noChange[i];
            }
            noChange.update(n);
        }
        windows.merge(partial.windows);
    }

    private static long orZero(Long count) {
        return count == null ? 0 : count;
    }

    @Override
    protected RegressionSummary summarize() throws Exception {
        RegressionSummary summary = new RegressionSummary();
        summary.records = orZero(records.value());
        summary.nonFinitePredictions = orZero(nonFinite.value());
        summary.windowSize = windowSize;
        RegressionMetrics m = metrics.value();
        if (m != null) {
            summary.labelled = (long) m.count();
            summary.mae = m.mae();
            summary.rmse = m.rmse();
        }
        double[] n = noChange.value();
        if (n != null) {
            summary.noChangeMae = mae(n, 0);
            summary.noChangeRmse = rmse(n, 0);
        }
        WindowSeries.Windows series = windows.read();
        summary.conceptChanges = series.conceptChanges();
        summary.droppedWindows = series.dropped();
        int size = series.indices().length;
        summary.windowStarts = new long[size];
        summary.windowLabelled = new long[size];
        summary.windowMae = new double[size];
        summary.windowRmse = new double[size];
        summary.windowNoChangeMae = new double[size];
        summary.windowNoChangeRmse = new double[size];
        for (int i = 0; i < size; i++) {
            double[] row = series.rows()[i];
            summary.windowStarts[i] = series.indices()[i] * windowSize;
            summary.windowLabelled[i] = (long) row[LABELLED];
            summary.windowMae[i] = mae(row, LABELLED);
            summary.windowRmse[i] = rmse(row, LABELLED);
            summary.windowNoChangeMae[i] = mae(row, NO_CHANGE);
            summary.windowNoChangeRmse[i] = rmse(row, NO_CHANGE);
        }
        return summary;
    }

    /** The mean absolute error of the sums starting at {@code from}, NaN without errors. */
    private static double mae(double[] sums, int from) {
        return sums[from + ABSOLUTE_ERROR] / sums[from];
    }

    private static double rmse(double[] sums, int from) {
        return Math.sqrt(sums[from + SQUARED_ERROR] / sums[from]);
    }
}
