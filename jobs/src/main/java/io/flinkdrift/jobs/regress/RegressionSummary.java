package io.flinkdrift.jobs.regress;

import io.flinkdrift.jobs.runtime.JobSummary;

import java.io.Serializable;

/**
 * Prequential metrics of a whole regression run, as the {@code regress} job reports them. A Flink
 * POJO, and serializable because it reaches the client as an accumulator.
 */
public class RegressionSummary implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Predictions made, labelled or not. */
    public long records;

    /** Labelled predictions the metrics are computed on (labels with the example or delayed). */
    public long labelled;

    /** Labelled predictions left out of the metrics because the prediction was not finite. */
    public long nonFinitePredictions;

    /** Mean absolute error. */
    public double mae = Double.NaN;

    /** Root mean squared error. */
    public double rmse = Double.NaN;

    public RegressionSummary() {}

    /** Adds the key figures to the terminal table of {@code summary}. */
    public void addFigures(JobSummary summary) {
        summary.figure("labelled", labelled).figure("MAE", mae).figure("RMSE", rmse);
        if (nonFinitePredictions > 0) {
            summary.figure("predictions not finite", nonFinitePredictions);
        }
    }
}
