package io.flinkdrift.jobs.classify;

import io.flinkdrift.core.evaluation.ClassificationMetrics;
import io.flinkdrift.core.evaluation.ClassificationMetricsCodec;
import io.flinkdrift.core.state.CodecBytes;
import io.flinkdrift.jobs.runtime.PreviousLabels;
import io.flinkdrift.jobs.runtime.SummaryAccumulator;
import io.flinkdrift.jobs.runtime.WindowBuffer;
import io.flinkdrift.records.Prediction;

import static io.flinkdrift.jobs.classify.ClassificationSummaryFunction.CORRECT;
import static io.flinkdrift.jobs.classify.ClassificationSummaryFunction.LABELLED;
import static io.flinkdrift.jobs.classify.ClassificationSummaryFunction.NO_CHANGE_CORRECT;
import static io.flinkdrift.jobs.classify.ClassificationSummaryFunction.NO_CHANGE_EVALUATED;
import static io.flinkdrift.jobs.classify.ClassificationSummaryFunction.WIDTH;

/**
 * Pre-aggregates predictions into a {@link ClassificationPartial}; full once it counts {@code
 * maxWindows} windows, so its memory stays bounded between checkpoints. Predictions labelled when
 * they were made are also scored for the no-change baseline: the previous label of their key, in the
 * order the subtask that owns the key made them (the {@code no-change} learner's predictions).
 */
final class ClassificationAccumulator implements SummaryAccumulator<Prediction, ClassificationPartial> {

    private static final long serialVersionUID = 1L;

    private final int maxWindows;
    private final boolean countsRecords;
    private final PreviousLabels previousLabels = new PreviousLabels();
    private final WindowBuffer windows;

    private long records;
    private ClassificationMetrics metrics;
    private long noChangeEvaluated;
    private long noChangeCorrect;

    ClassificationAccumulator(long windowSize, int maxWindows, boolean countsRecords) {
        this.windows = new WindowBuffer(windowSize, WIDTH);
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
            windows.concept(prediction.id, prediction.concept);
        }
        if (!prediction.labelled()) {
            return;
        }
        if (metrics == null) {
            metrics = new ClassificationMetrics();
        }
        int predicted = predictedClass(prediction);
        metrics.add((int) prediction.label, predicted, prediction.probabilities);
        double[] row = windows.row(prediction.id);
        row[LABELLED]++;
        if (predicted == (int) prediction.label) {
            row[CORRECT]++;
        }
        if (countsRecords) {
            boolean noChangeRight = previousLabels.predictThenLearn(prediction.key, prediction.label) == prediction.label;
            row[NO_CHANGE_EVALUATED]++;
            noChangeEvaluated++;
            if (noChangeRight) {
                row[NO_CHANGE_CORRECT]++;
                noChangeCorrect++;
            }
        }
    }

    @Override
    public boolean isEmpty() {
        return records == 0 && metrics == null;
    }

    @Override
    public boolean isFull() {
        return windows.windows() >= maxWindows;
    }

    @Override
    public ClassificationPartial drain() {
        ClassificationPartial partial = new ClassificationPartial();
        partial.records = records;
        if (metrics != null) {
            partial.metrics = CodecBytes.encode(new ClassificationMetricsCodec(), metrics);
        }
        partial.noChangeEvaluated = noChangeEvaluated;
        partial.noChangeCorrect = noChangeCorrect;
        partial.windows = windows.drain();
        records = 0;
        metrics = null;
        noChangeEvaluated = 0;
        noChangeCorrect = 0;
        return partial;
    }
}
