package io.flinkdrift.jobs.classify;

import io.flinkdrift.jobs.runtime.JobSummary;

import java.io.Serializable;

/**
 * Prequential metrics of a whole classification run, as the {@code classify} job reports them.
 * A Flink POJO, and serializable because it reaches the client as an accumulator; windows are consecutive ranges of record ids, {@code [start, start + windowSize)},
 * so they do not depend on the order in which parallel subtasks deliver predictions.
 */
public class ClassificationSummary implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Predictions made, labelled or not. */
    public long records;

    /** Predictions whose label was known, the ones the metrics are computed on. */
    public long labelled;

    public double accuracy = Double.NaN;
    public double kappa = Double.NaN;
    public double logLoss = Double.NaN;
    public double brier = Double.NaN;

    /** Records per accuracy window. */
    public long windowSize;

    /** First id of each window, in increasing order. */
    public long[] windowStarts = new long[0];

    /** Labelled predictions in each window. */
    public long[] windowLabelled = new long[0];

    /** Accuracy in each window. */
    public double[] windowAccuracy = new double[0];

    /** Windows dropped because more than the retained number were open (unbounded runs). */
    public long droppedWindows;

    public ClassificationSummary() {}

    /**
     * Adds the key figures to the terminal table of {@code summary}.
     *
     * @param noChangeAccuracy the no-change learner's accuracy on the same input, NaN if not known
     */
    public void addFigures(JobSummary summary, double noChangeAccuracy) {
        summary.figure("labelled", labelled)
                .figure("accuracy", accuracy,
                        Double.isNaN(noChangeAccuracy) ? null : JobSummary.baseline("no-change", noChangeAccuracy))
                .figure("kappa", kappa)
                .figure("log-loss", logLoss)
                .figure("Brier", brier);
        if (windowAccuracy.length > 0) {
            double lowest = Double.POSITIVE_INFINITY;
            for (double accuracy : windowAccuracy) {
                lowest = Math.min(lowest, accuracy);
            }
            summary.figure("lowest accuracy of a window", lowest)
                    .figure("accuracy of the last window", windowAccuracy[windowAccuracy.length - 1]);
        }
    }
}
