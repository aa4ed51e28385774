package io.flinkdrift.jobs.regress;

import io.flinkdrift.core.evaluation.RegressionMetrics;
import io.flinkdrift.core.evaluation.RegressionMetricsCodec;
import io.flinkdrift.core.state.CodecBytes;
import io.flinkdrift.jobs.runtime.PreviousLabels;
import io.flinkdrift.jobs.runtime.SummaryAccumulator;
import io.flinkdrift.jobs.runtime.WindowBuffer;
import io.flinkdrift.records.Prediction;

import static io.flinkdrift.jobs.regress.RegressionSummaryFunction.ABSOLUTE_ERROR;
import static io.flinkdrift.jobs.regress.RegressionSummaryFunction.LABELLED;
import static io.flinkdrift.jobs.regress.RegressionSummaryFunction.NO_CHANGE;
import static io.flinkdrift.jobs.regress.RegressionSummaryFunction.SQUARED_ERROR;
import static io.flinkdrift.jobs.regress.RegressionSummaryFunction.WIDTH;

/**
 * Pre-aggregates predictions into a {@link RegressionPartial}; full once it counts {@code
 * maxWindows} windows. Predictions labelled when they were made are also scored for the no-change
 * baseline, their key's previous label (none for a key's first label), in the order the subtask that
 * owns the key made them.
 */
final class RegressionAccumulator implements SummaryAccumulator<Prediction, RegressionPartial> {

    private static final long serialVersionUID = 1L;

    private final int maxWindows;
    private final boolean countsRecords;
    private final PreviousLabels previousLabels = new PreviousLabels();
    private final WindowBuffer windows;

    private long records;
    private long nonFinite;
    private RegressionMetrics metrics;
    private double[] noChange = new double[3];

    RegressionAccumulator(long windowSize, int maxWindows, boolean countsRecords) {
        this.windows = new WindowBuffer(windowSize, WIDTH);
        this.maxWindows = maxWindows;
        this.countsRecords = countsRecords;
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
        if (countsRecords) {
            double previous = previousLabels.predictThenLearn(prediction.key, prediction.label);
            if (!Double.isNaN(previous)) {
                addError(windows.row(prediction.id), NO_CHANGE, prediction.label - previous);
                addError(noChange, 0, prediction.label - previous);
            }
        }
        if (!Double.isFinite(prediction.prediction)) {
            nonFinite++;
            return;
        }
        if (metrics == null) {
            metrics = new RegressionMetrics();
        }
        metrics.add(prediction.label, prediction.prediction);
        addError(windows.row(prediction.id), LABELLED, prediction.label - prediction.prediction);
    }

    /** Adds one error to the sums {count, absolute error, squared error} that start at {@code from}. */
    private static void addError(double[] sums, int from, double error) {
        sums[from]++;
        sums[from + ABSOLUTE_ERROR] += Math.abs(error);
        sums[from + SQUARED_ERROR] += error * error;
    }

    @Override
    public boolean isEmpty() {
        return records == 0 && nonFinite == 0 && metrics == null && noChange[0] == 0;
    }

    @Override
    public boolean isFull() {
        return windows.windows() >= maxWindows;
    }

    @Override
    public RegressionPartial drain() {
        RegressionPartial partial = new RegressionPartial();
        partial.records = records;
        partial.nonFinite = nonFinite;
        if (metrics != null) {
            partial.metrics = CodecBytes.encode(new RegressionMetricsCodec(), metrics);
        }
        partial.noChange = noChange;
        partial.windows = windows.drain();
        records = 0;
        nonFinite = 0;
        metrics = null;
        noChange = new double[3];
        return partial;
    }
}
