package io.flinkdrift.jobs.classify;

import io.flinkdrift.core.evaluation.ClassificationMetrics;
import io.flinkdrift.core.evaluation.ClassificationMetricsCodec;
import io.flinkdrift.core.state.CodecBytes;
import io.flinkdrift.jobs.runtime.SummaryAccumulator;
import io.flinkdrift.records.Prediction;

import java.util.TreeMap;
import java.util.Map;

/**
 * Pre-aggregates predictions into a {@link ClassificationPartial}; full once it counts {@code
 * maxWindows} windows, so its memory stays bounded between checkpoints.
 */
final class ClassificationAccumulator implements SummaryAccumulator<Prediction, ClassificationPartial> {

    private static final long serialVersionUID = 1L;

    private final long windowSize;
    private final int maxWindows;
    private final boolean countsRecords;

    private long records;
    private ClassificationMetrics metrics;
    private Map<Long, long[]> windows = new TreeMap<>();

    ClassificationAccumulator(long windowSize, int maxWindows, boolean countsRecords) {
        this.windowSize = windowSize;
        this.maxWindows = maxWindows;
        this.countsRecords = countsRecords;
    }

    /** The predicted class of a prediction, -1 when the model had none. */
    static int predictedClass(Prediction prediction) {
        return Double.isNaN(prediction.prediction) ? -1 : (int) prediction.prediction;
    }

    @Override
    public void add(Prediction prediction) {
        if (countsRecords) {
            records++;
        }
        if (!prediction.labelled()) {
            return;
        }
        if (metrics == null) {
            metrics = new ClassificationMetrics();
        }
        int predicted = predictedClass(prediction);
        metrics.add((int) prediction.label, predicted, prediction.probabilities);
        long[] counts = windows.computeIfAbsent(Math.floorDiv(prediction.id, windowSize), window -> new long[2]);
        counts[0]++;
        if (predicted == (int) prediction.label) {
            counts[1]++;
        }
    }

    @Override
    public boolean isEmpty() {
        return records == 0 && metrics == null;
    }

    @Override
    public boolean isFull() {
        return windows.size() >= maxWindows;
    }

    @Override
    public ClassificationPartial drain() {
        ClassificationPartial partial = new ClassificationPartial();
        partial.records = records;
        if (metrics != null) {
            partial.metrics = CodecBytes.encode(new ClassificationMetricsCodec(), metrics);
        }
        int size = windows.size();
        partial.windows = new long[size];
        partial.windowLabelled = new long[size];
        partial.windowCorrect = new long[size];
        int i = 0;
        for (Map.Entry<Long, long[]> window : windows.entrySet()) {
            partial.windows[i] = window.getKey();
            partial.windowLabelled[i] = window.getValue()[0];
            partial.windowCorrect[i] = window.getValue()[1];
            i++;
        }
        records = 0;
        metrics = null;
        windows = new TreeMap<>();
        return partial;
    }
}
