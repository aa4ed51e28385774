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

    /**
     * MAE and RMSE of the no-change baseline (each key's previous label) on the predictions
     * labelled when they were made, a key's first label left out; NaN when there were none.
     */
    public double noChangeMae = Double.NaN;
    public double noChangeRmse = Double.NaN;

    /** Records per error window. */
    public long windowSize;

    /** First id of each window, in increasing order. */
    public long[] windowStarts = new long[0];

    /** Finite labelled predictions in each window. */
    public long[] windowLabelled = new long[0];

    /** The learner's MAE and RMSE in each window (NaN when it has no finite prediction there). */
    public double[] windowMae = new double[0];
    public double[] windowRmse = new double[0];

    /** The no-change baseline's MAE and RMSE in each window. */
    public double[] windowNoChangeMae = new double[0];
    public double[] windowNoChangeRmse = new double[0];

    /** Ids at which the source's concept differs from the previous id's (generators), ascending. */
    public long[] conceptChanges = new long[0];

    /** Windows dropped because more than the retained number were open (unbounded runs). */
    public long droppedWindows;

    public RegressionSummary() {}

    /** Adds the key figures to the terminal table of {@code summary}. */
    public void addFigures(JobSummary summary) {
        summary.figure("labelled", labelled)
                .figure("MAE", mae, Double.isNaN(noChangeMae) ? null : JobSummary.baseline("no-change", noChangeMae))
                .figure("RMSE", rmse, Double.isNaN(noChangeRmse) ? null : JobSummary.baseline("no-change", noChangeRmse));
        if (nonFinitePredictions > 0) {
            summary.figure("predictions not finite", nonFinitePredictions);
        }
    }
}
