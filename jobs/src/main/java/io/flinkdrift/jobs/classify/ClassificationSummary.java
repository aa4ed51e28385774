package io.flinkdrift.jobs.classify;

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
}
