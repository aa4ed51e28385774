package io.flinkdrift.jobs.classify;

import io.flinkdrift.core.evaluation.ClassificationMetrics;
import io.flinkdrift.core.evaluation.ClassificationMetricsCodec;
import io.flinkdrift.operators.state.CodecSerializer;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * Folds every prediction of a run into one {@link ClassificationSummary}, emitted when the input
 * ends (the watermark reaches its maximum), both downstream and as the accumulator {@link
 * #ACCUMULATOR} that the client reads from the job result. Runs on a single key ({@link #KEY}), so
 * the metrics are global across the job's parallel models; its state is checkpointed, so the
 * summary of a run that failed over counts every prediction exactly once.
 *
 * <p>Window counts live in map state keyed by window index; at most {@code maxWindows} are kept,
 * the oldest dropped first, so the state stays bounded on an unbounded stream.
 */
public final class ClassificationSummaryFunction
        extends KeyedProcessFunction<Integer, Prediction, ClassificationSummary> {

    private static final long serialVersionUID = 1L;

    /** The one key every prediction is routed to. */
    public static final Integer KEY = 0;

    /** Name of the accumulator holding the final summary (a list of one element). */
    public static final String ACCUMULATOR = "classification.summary";

    private final long windowSize;
    private final int maxWindows;

    private transient ValueState<ClassificationMetrics> metrics;
    private transient ValueState<long[]> counters;
    private transient MapState<Long, long[]> windows;
    private transient ListAccumulator<ClassificationSummary> finalSummary;

    /**
     * @param windowSize records (by id) per accuracy window, &ge; 1
     * @param maxWindows windows retained, &ge; 1
     */
    public ClassificationSummaryFunction(long windowSize, int maxWindows) {
        if (windowSize < 1 || maxWindows < 1) {
            throw new IllegalArgumentException("windowSize and maxWindows must be >= 1, got "
                    + windowSize + " and " + maxWindows);
        }
        this.windowSize = windowSize;
        this.maxWindows = maxWindows;
    }

    @Override
    public void open(OpenContext openContext) {
        metrics = getRuntimeContext().getState(
                new ValueStateDescriptor<>("metrics", new CodecSerializer<>(ClassificationMetricsCodec.class)));
        counters = getRuntimeContext().getState(
                new ValueStateDescriptor<>("counters", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        windows = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "windows", Types.LONG, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        finalSummary = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(ACCUMULATOR, finalSummary);
    }

    /** counters = {records, lowest retained window, highest window, dropped windows}. */
    @Override
    public void processElement(Prediction prediction, Context ctx, Collector<ClassificationSummary> out)
            throws Exception {
        long[] c = counters.value();
        if (c == null) {
            c = new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE, 0};
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        c[0]++;
        if (prediction.labelled()) {
            ClassificationMetrics m = metrics.value();
            if (m == null) {
                m = new ClassificationMetrics();
            }
            int predicted = Double.isNaN(prediction.prediction) ? -1 : (int) prediction.prediction;
            m.add((int) prediction.label, predicted, prediction.probabilities);
            metrics.update(m);
            countInWindow(prediction, predicted == (int) prediction.label, c);
        }
        counters.update(c);
    }

    private void countInWindow(Prediction prediction, boolean correct, long[] c) throws Exception {
        long window = Math.floorDiv(prediction.id, windowSize);
        if (window < c[1] && c[2] - window >= maxWindows) {
            return; // older than every retained window
        }
        long[] counts = windows.get(window);
        if (counts == null) {
            counts = new long[2];
            c[1] = Math.min(c[1], window);
            c[2] = Math.max(c[2], window);
            while (c[2] - c[1] >= maxWindows) {
                if (windows.contains(c[1])) {
                    windows.remove(c[1]);
                    c[3]++;
                }
                c[1]++;
            }
        }
        counts[0]++;
        if (correct) {
            counts[1]++;
        }
        windows.put(window, counts);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ClassificationSummary> out) throws Exception {
        long[] c = counters.value();
        ClassificationMetrics m = metrics.value();
        ClassificationSummary summary = new ClassificationSummary();
        summary.records = c[0];
        summary.droppedWindows = c[3];
        summary.windowSize = windowSize;
        if (m != null) {
            summary.labelled = (long) m.count();
            summary.accuracy = m.accuracy();
            summary.kappa = m.kappa();
            summary.logLoss = m.logLoss();
            summary.brier = m.brier();
        }
        List<Long> starts = new ArrayList<>();
        List<long[]> counts = new ArrayList<>();
        for (long window = c[1]; window <= c[2]; window++) {
            long[] windowCounts = windows.get(window);
            if (windowCounts != null) {
                starts.add(window * windowSize);
                counts.add(windowCounts);
            }
        }
        summary.windowStarts = new long[starts.size()];
        summary.windowLabelled = new long[starts.size()];
        summary.windowAccuracy = new double[starts.size()];
        for (int i = 0; i < starts.size(); i++) {
            summary.windowStarts[i] = starts.get(i);
            summary.windowLabelled[i] = counts.get(i)[0];
            summary.windowAccuracy[i] = (double) counts.get(i)[1] / counts.get(i)[0];
        }
        finalSummary.add(summary);
        out.collect(summary);
    }
}
