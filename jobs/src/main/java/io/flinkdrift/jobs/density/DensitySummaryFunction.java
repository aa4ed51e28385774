package io.flinkdrift.jobs.density;

import io.flinkdrift.operators.density.DensityEstimate;
import io.flinkdrift.operators.density.DensityScore;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Arrays;

/**
 * Folds every score and estimate of a {@code density} run into one {@link DensitySummary}, emitted
 * when the input ends (the watermark reaches its maximum), downstream and as the accumulator
 * {@link #ACCUMULATOR}. Runs on a single key ({@link #KEY}); its state is checkpointed, so the
 * summary of a run that failed over counts every element exactly once. With ground truth (the
 * mixture generator) every estimate is compared with the true cell masses of its record.
 */
public final class DensitySummaryFunction
        extends KeyedCoProcessFunction<Integer, DensityScore, DensityEstimate, DensitySummary> {

    private static final long serialVersionUID = 1L;

    /** The one key every score and estimate is routed to. */
    public static final Integer KEY = 0;

    /** Name of the accumulator holding the final summary (a list of one element). */
    public static final String ACCUMULATOR = "density.summary";

    /** Drift event ids kept in the summary (the count is always exact). */
    public static final int MAX_DRIFT_IDS = 1000;

    private static final int ELEMENTS = 0;
    private static final int ACCEPTED = 1;
    private static final int SCORED = 2;
    private static final int DRIFTS = 3;
    private static final int ESTIMATES = 4;
    private static final int WINDOW_SUM = 5;
    private static final int OUT_OF_RANGE = 6;
    private static final int COUNTERS = 7;
    private static final int LOG_DENSITY_SUM = 0;
    private static final int TV_SUM = 1;
    private static final int MAX_DEFECT = 2;

    private final MixtureCellMasses truth;

    private transient ValueState<long[]> counts;
    private transient ValueState<double[]> sums;
    private transient ValueState<long[]> driftIds;
    private transient ListAccumulator<DensitySummary> finalSummary;
    private transient double cellVolume;

    /** @param truth the true cell masses, or null when the source has no known distribution */
    public DensitySummaryFunction(MixtureCellMasses truth) {
        this.truth = truth;
    }

    @Override
    public void open(OpenContext openContext) {
        counts = getRuntimeContext().getState(
                new ValueStateDescriptor<>("counts", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        sums = getRuntimeContext().getState(
                new ValueStateDescriptor<>("sums", PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
        driftIds = getRuntimeContext().getState(
                new ValueStateDescriptor<>("drift-ids", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        finalSummary = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(ACCUMULATOR, finalSummary);
        cellVolume = truth == null ? Double.NaN : truth.grid().binVolume(0);
    }

    @Override
    public void processElement1(DensityScore score, Context ctx, Collector<DensitySummary> out) throws Exception {
        long[] c = counts(ctx);
        double[] s = sums();
        c[ELEMENTS]++;
        if (score.added) {
            c[ACCEPTED]++;
            c[WINDOW_SUM] += score.window;
        }
        if (Double.isFinite(score.logDensity)) {
            c[SCORED]++;
            s[LOG_DENSITY_SUM] += score.logDensity;
        }
        if (score.outOfRange) {
            c[OUT_OF_RANGE]++;
        }
        if (score.drift) {
            c[DRIFTS]++;
            long[] ids = driftIds.value();
            ids = ids == null ? new long[0] : ids;
            if (ids.length < MAX_DRIFT_IDS) {
                ids = Arrays.copyOf(ids, ids.length + 1);
                ids[ids.length - 1] = score.id;
                driftIds.update(ids);
            }
        }
        counts.update(c);
        sums.update(s);
    }

    @Override
    public void processElement2(DensityEstimate estimate, Context ctx, Collector<DensitySummary> out)
            throws Exception {
        long[] c = counts(ctx);
        c[ESTIMATES]++;
        counts.update(c);
        if (truth == null) {
            return;
        }
        double[] s = sums();
        double[] cells = truth.cellMasses(estimate.id);
        s[TV_SUM] += MixtureCellMasses.totalVariation(cellProbabilities(estimate), cells);
        s[MAX_DEFECT] = Math.max(s[MAX_DEFECT], Math.abs(1.0 - Arrays.stream(cells).sum()));
        sums.update(s);
    }

    /** The histogram's probabilities, or the kernel density at the cell centres times the cell volume. */
    private double[] cellProbabilities(DensityEstimate estimate) {
        if (estimate.probabilities.length > 0) {
            return estimate.probabilities;
        }
        double[] masses = new double[estimate.gridDensity.length];
        for (int cell = 0; cell < masses.length; cell++) {
            masses[cell] = estimate.gridDensity[cell] * cellVolume;
        }
        return masses;
    }

    private long[] counts(Context ctx) throws Exception {
        long[] c = counts.value();
        if (c == null) {
            c = new long[COUNTERS];
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        // state from before the out-of-range counter has fewer counters
        return c.length < COUNTERS ? Arrays.copyOf(c, COUNTERS) : c;
    }

    private double[] sums() throws Exception {
        double[] s = sums.value();
        return s == null ? new double[3] : s;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DensitySummary> out) throws Exception {
        long[] c = Arrays.copyOf(counts.value(), COUNTERS);
        double[] s = sums();
        long[] ids = driftIds.value();
        DensitySummary summary = new DensitySummary();
        summary.outOfRange = c[OUT_OF_RANGE];
        summary.elements = c[ELEMENTS];
        summary.accepted = c[ACCEPTED];
        summary.scored = c[SCORED];
        summary.driftEvents = c[DRIFTS];
        summary.estimates = c[ESTIMATES];
        summary.meanLogDensity = c[SCORED] == 0 ? Double.NaN : s[LOG_DENSITY_SUM] / c[SCORED];
        summary.meanWindow = c[ACCEPTED] == 0 ? Double.NaN : (double) c[WINDOW_SUM] / c[ACCEPTED];
        summary.driftEventIds = ids == null ? new long[0] : ids.clone();
        Arrays.sort(summary.driftEventIds);
        if (truth != null) {
            summary.meanTotalVariation = c[ESTIMATES] == 0 ? Double.NaN : s[TV_SUM] / c[ESTIMATES];
            summary.truthErrorBound = truth.totalVariationErrorBound();
            summary.truthMassOutsideGrid = s[MAX_DEFECT];
        }
        finalSummary.add(summary);
        out.collect(summary);
    }
}
