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

    /**
     * Accuracy of the no-change baseline (each key's previous label, the {@code no-change} learner's
     * prediction) on the predictions labelled when they were made; NaN when there were none (labels
     * from {@code --labels} only). After a restore, each key's first such prediction counts as wrong.
     */
    public double noChangeAccuracy = Double.NaN;

    /** The no-change baseline's accuracy in each window (NaN when it evaluated none there). */
    public double[] windowNoChangeAccuracy = new double[0];

    /** Ids at which the source's concept differs from the previous id's (generators), ascending. */
    public long[] conceptChanges = new long[0];

    /** Windows dropped because more than the retained number were open (unbounded runs). */
    public long droppedWindows;

    public ClassificationSummary() {}

    /** Adds the key figures to the terminal table of {@code summary}, the no-change baseline beside accuracy. */
    public void addFigures(JobSummary summary) {
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
