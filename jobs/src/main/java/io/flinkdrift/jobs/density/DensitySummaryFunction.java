package io.flinkdrift.jobs.density;

import io.flinkdrift.jobs.runtime.RunSummaryFunction;
import io.flinkdrift.jobs.runtime.WindowRetention;
import io.flinkdrift.jobs.runtime.WindowSeries;
import io.flinkdrift.operators.density.DensityEstimate;
import io.flinkdrift.operators.density.DensityScore;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.Arrays;

/**
 * Merges the scores and estimates of a {@code density} run, pre-aggregated in each subtask by
 * {@link DensityAccumulators}, into one {@link DensitySummary}, emitted when the input ends (the
 * watermark reaches its maximum), downstream and as the accumulator {@link #ACCUMULATOR} (see
 * {@link RunSummaryFunction}). With ground truth (the mixture generator) every estimate is compared
 * with the true cell masses of its record, in the subtask that made it. Per window of record ids it
 * keeps the mean estimator window, the mean log-density, the drift events and the concept changes in
 * a {@link WindowSeries}.
 */
public final class DensitySummaryFunction extends RunSummaryFunction<DensityPartial, DensitySummary> {

    private static final long serialVersionUID = 1L;

    /** Name of the accumulator holding the final summary (a list of one element). */
    public static final String ACCUMULATOR = "density.summary";

    /** Drift event ids kept in the summary, the smallest ones (the count is always exact). */
    public static final int MAX_DRIFT_IDS = 1000;

    static final int ELEMENTS = 0;
    static final int ACCEPTED = 1;
    static final int SCORED = 2;
    static final int DRIFTS = 3;
    static final int ESTIMATES = 4;
    static final int WINDOW_SUM = 5;
    static final int OUT_OF_RANGE = 6;
    static final int COUNTS = 7;
    static final int LOG_DENSITY_SUM = 0;
    static final int TV_SUM = 1;
    static final int MAX_DEFECT = 2;
    static final int SUMS = 3;

    /** Columns of the series: elements added and their window sum, finite scores and their sum, drift events. */
    static final int SERIES_ACCEPTED = 0;
    static final int SERIES_WINDOW_SUM = 1;
    static final int SERIES_SCORED = 2;
    static final int SERIES_LOG_DENSITY_SUM = 3;
    static final int SERIES_DRIFTS = 4;
    static final int SERIES_WIDTH = 5;

    private final MixtureCellMasses truth;
    private final long seriesWindow;

    private transient ValueState<long[]> counts;
    private transient ValueState<double[]> sums;
    private transient ValueState<long[]> driftIds;
    private transient WindowSeries series;

    /**
     * @param truth the true cell masses, or null when the source has no known distribution
     * @param seriesWindow record ids per window of the series, &ge; 1
     */
    public DensitySummaryFunction(MixtureCellMasses truth, long seriesWindow) {
        super(ACCUMULATOR);
        if (seriesWindow < 1) {
            throw new IllegalArgumentException("seriesWindow must be >= 1, got " + seriesWindow);
        }
        this.truth = truth;
        this.seriesWindow = seriesWindow;
    }

    /**
     * Adds the summary of {@code scores} and {@code estimates} to their job: pre-aggregated at their
     * parallelism, merged at parallelism 1.
     *
     * @param seriesWindow record ids per window of the series, &ge; 1
     */
    public static void attach(DataStream<DensityScore> scores, DataStream<DensityEstimate> estimates,
            MixtureCellMasses truth, long seriesWindow) {
        DataStream<DensityPartial> partials = RunSummaryFunction.partials(scores,
                new DensityAccumulators.Scores(seriesWindow, WindowRetention.MAX_WINDOWS), DensityPartial.class,
                "summary-partials")
                .union(RunSummaryFunction.partials(estimates, new DensityAccumulators.Estimates(truth),
                        DensityPartial.class, "estimate-summary-partials"));
        RunSummaryFunction.merge(partials, new DensitySummaryFunction(truth, seriesWindow), "summary");
    }

    @Override
    protected void openState() {
        counts = getRuntimeContext().getState(
                new ValueStateDescriptor<>("counts", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        sums = getRuntimeContext().getState(
                new ValueStateDescriptor<>("sums", PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
        driftIds = getRuntimeContext().getState(
                new ValueStateDescriptor<>("drift-ids", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        series = WindowSeries.open(getRuntimeContext(), SERIES_WIDTH, WindowRetention.MAX_WINDOWS);
    }

    @Override
    protected void merge(DensityPartial partial) throws Exception {
        long[] c = counts();
        for (int i = 0; i < COUNTS; i++) {
            c[i] += partial.counts[i];
        }
        counts.update(c);
        double[] s = sums.value();
        s = s == null ? new double[SUMS] : s;
        s[LOG_DENSITY_SUM] += partial.sums[LOG_DENSITY_SUM];
        s[TV_SUM] += partial.sums[TV_SUM];
        s[MAX_DEFECT] = Math.max(s[MAX_DEFECT], partial.sums[MAX_DEFECT]);
        sums.update(s);
        if (partial.driftIds.length > 0) {
            long[] ids = driftIds.value();
            ids = ids == null ? new long[0] : ids;
            long[] merged = Arrays.copyOf(ids, ids.length + partial.driftIds.length);
            System.arraycopy(partial.driftIds, 0, merged, ids.length, partial.driftIds.length);
            Arrays.sort(merged);
            driftIds.update(Arrays.copyOf(merged, Math.min(merged.length, MAX_DRIFT_IDS)));
        }
        series.merge(partial.windows);
    }

    private long[] counts() throws Exception {
        long[] c = counts.value();
        // state from before the out-of-range counter has fewer counters
        return c == null ? new long[COUNTS] : c.length < COUNTS ? Arrays.copyOf(c, COUNTS) : c;
    }

    @Override
    protected DensitySummary summarize() throws Exception {
        long[] c = counts();
        double[] s = sums.value();
        s = s == null ? new double[SUMS] : s;
        long[] ids = driftIds.value();
        DensitySummary summary = new DensitySummary();
        summary.elements = c[ELEMENTS];
        summary.outOfRange = c[OUT_OF_RANGE];
        summary.accepted = c[ACCEPTED];
        summary.scored = c[SCORED];
        summary.driftEvents = c[DRIFTS];
        summary.estimates = c[ESTIMATES];
        summary.meanLogDensity = c[SCORED] == 0 ? Double.NaN : s[LOG_DENSITY_SUM] / c[SCORED];
        summary.meanWindow = c[ACCEPTED] == 0 ? Double.NaN : (double) c[WINDOW_SUM] / c[ACCEPTED];
        summary.driftEventIds = ids == null ? new long[0] : ids.clone();
        WindowSeries.Windows windows = series.read();
        int size = windows.indices().length;
        summary.seriesWindow = seriesWindow;
        summary.seriesStarts = new long[size];
        summary.seriesMeanWindow = new double[size];
        summary.seriesMeanLogDensity = new double[size];
        summary.seriesDriftEvents = new long[size];
        for (int i = 0; i < size; i++) {
            double[] row = windows.rows()[i];
            summary.seriesStarts[i] = windows.indices()[i] * seriesWindow;
            summary.seriesMeanWindow[i] = row[SERIES_WINDOW_SUM] / row[SERIES_ACCEPTED];
            summary.seriesMeanLogDensity[i] = row[SERIES_LOG_DENSITY_SUM] / row[SERIES_SCORED];
            summary.seriesDriftEvents[i] = (long) row[SERIES_DRIFTS];
        }
        summary.conceptChanges = windows.conceptChanges();
        summary.droppedSeriesWindows = windows.dropped();
        if (truth != null) {
            summary.meanTotalVariation = c[ESTIMATES] == 0 ? Double.NaN : s[TV_SUM] / c[ESTIMATES];
            summary.truthErrorBound = truth.totalVariationErrorBound();
            summary.truthMassOutsideGrid = s[MAX_DEFECT];
        }
        return summary;
    }
}
