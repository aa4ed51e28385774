package io.flinkdrift.jobs.classify;

import io.flinkdrift.core.evaluation.ClassificationMetrics;
import io.flinkdrift.core.evaluation.ClassificationMetricsCodec;
import io.flinkdrift.core.state.CodecBytes;
import io.flinkdrift.jobs.runtime.PredictionSummaryFunction;
import io.flinkdrift.jobs.runtime.RunSummaryFunction;
import io.flinkdrift.jobs.runtime.SummaryAccumulator;
import io.flinkdrift.operators.state.CodecSerializer;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link RunSummaryFunction} of classification: accuracy, kappa, log-loss, Brier score and
 * accuracy over consecutive windows of record ids, merged from the subtasks' {@link
 * ClassificationPartial}s. Window counts live in map state keyed by window index; at most {@code
 * maxWindows} are kept, the oldest dropped first, so the state stays bounded on an unbounded stream
 * (while no window is dropped, the windows do not depend on the order partials arrive in).
 */
public final class ClassificationSummaryFunction
        extends PredictionSummaryFunction<ClassificationPartial, ClassificationSummary> {

    private static final long serialVersionUID = 1L;

    /** Name of the accumulator holding the final summary (a list of one element). */
    public static final String ACCUMULATOR = "classification.summary";

    private final long windowSize;
    private final int maxWindows;

    private transient ValueState<Long> records;
    private transient ValueState<ClassificationMetrics> metrics;
    private transient ValueState<long[]> counters;
    private transient MapState<Long, long[]> windows;

    /**
     * @param windowSize records (by id) per accuracy window, &ge; 1
     * @param maxWindows windows retained, &ge; 1
     */
    public ClassificationSummaryFunction(long windowSize, int maxWindows) {
        super(ACCUMULATOR);
        if (windowSize < 1 || maxWindows < 1) {
            throw new IllegalArgumentException("windowSize and maxWindows must be >= 1, got "
                    + windowSize + " and " + maxWindows);
        }
        this.windowSize = windowSize;
        this.maxWindows = maxWindows;
    }

    @Override
    public SummaryAccumulator<Prediction, ClassificationPartial> accumulator(boolean countsRecords) {
        return new ClassificationAccumulator(windowSize, maxWindows, countsRecords);
    }

    @Override
    public Class<ClassificationPartial> partialType() {
        return ClassificationPartial.class;
    }

    @Override
    protected void openState() {
        records = getRuntimeContext().getState(new ValueStateDescriptor<>("records", Types.LONG));
        metrics = getRuntimeContext().getState(
                new ValueStateDescriptor<>("metrics", new CodecSerializer<>(ClassificationMetricsCodec.class)));
        counters = getRuntimeContext().getState(
                new ValueStateDescriptor<>("counters", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        windows = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "windows", Types.LONG, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    /** counters = {lowest retained window, highest window, dropped windows}. */
    @Override
    protected void merge(ClassificationPartial partial) throws Exception {
        Long count = records.value();
        records.update((count == null ? 0 : count) + partial.records);
        if (partial.metrics.length == 0) {
            return;
        }
        ClassificationMetrics m = metrics.value();
        ClassificationMetrics added = CodecBytes.decode(new ClassificationMetricsCodec(), partial.metrics);
        if (m == null) {
            m = added;
        } else {
            m.merge(added);
        }
        metrics.update(m);
        long[] c = counters.value();
        if (c == null) {
            c = new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0};
        }
        for (int i = 0; i < partial.windows.length; i++) {
            countInWindow(partial.windows[i], partial.windowLabelled[i], partial.windowCorrect[i], c);
        }
        counters.update(c);
    }

    private void countInWindow(long window, long labelled, long correct, long[] c) throws Exception {
        if (window < c[0] && c[1] - window >= maxWindows) {
            return; // older than every retained window
        }
        long[] counts = windows.get(window);
        if (counts == null) {
            counts = new long[2];
            c[0] = Math.min(c[0], window);
            c[1] = Math.max(c[1], window);
            while (c[1] - c[0] >= maxWindows) {
                if (windows.contains(c[0])) {
                    windows.remove(c[0]);
                    c[2]++;
                }
                c[0]++;
            }
        }
        counts[0] += labelled;
        counts[1] += correct;
        windows.put(window, counts);
    }

    @Override
    protected ClassificationSummary summarize() throws Exception {
        Long count = records.value();
        ClassificationMetrics m = metrics.value();
        ClassificationSummary summary = new ClassificationSummary();
        summary.records = count == null ? 0 : count;
        summary.windowSize = windowSize;
        if (m == null) {
            return summary;
        }
        long[] c = counters.value();
        summary.droppedWindows = c[2];
        summary.labelled = (long) m.count();
        summary.accuracy = m.accuracy();
        summary.kappa = m.kappa();
        summary.logLoss = m.logLoss();
        summary.brier = m.brier();
        List<Long> starts = new ArrayList<>();
        List<long[]> counts = new ArrayList<>();
        for (long window = c[0]; window <= c[1]; window++) {
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
        return summary;
    }
}
