package io.flinkdrift.jobs.conformal;

import io.flinkdrift.jobs.runtime.JobSummary;

import java.io.Serializable;

/**
 * What a conformal run achieved, over the elements after each key's warm-up: the realised risk
 * (mean loss of the labelled ones) and the mean interval width or set size. A Flink POJO, and
 * serializable because it reaches the client as an accumulator.
 */
public class ConformalSummary implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Elements answered, warm-up included. */
    public long records;

    /** Elements after the warm-up. */
    public long evaluated;

    /** Labelled elements after the warm-up with a realised loss. */
    public long labelled;

    /** Mean realised loss of those, the empirical risk to compare with alpha. */
    public double meanLoss = Double.NaN;

    /** Mean interval width (2 lambda) or set size after the warm-up. */
    public double meanSize = Double.NaN;

    /** Mean lambda after the warm-up. */
    public double meanLambda = Double.NaN;

    /** Answers after the warm-up with lambda_max because no grid value qualified. */
    public long infeasible;

    /** Labelled elements after the warm-up with loss 0 (truth inside the interval or set). */
    public long covered;

    /** covered / labelled. */
    public double coverage = Double.NaN;

    /** Running sums of loss, size and lambda; the means are filled in when the input ends. */
    public double lossSum;
    public double sizeSum;
    public double lambdaSum;

    /** Answer ids per window. */
    public long windowSize;

    /** First id of each window, in increasing order. */
    public long[] windowStarts = new long[0];

    /** Per window: the mean width or set size, the realised risk and the coverage (NaN without an element). */
    public double[] windowMeanSize = new double[0];
    public double[] windowRisk = new double[0];
    public double[] windowCoverage = new double[0];

    /** Windows dropped because more than the retained number were open (unbounded runs). */
    public long droppedWindows;

    public ConformalSummary() {}

    /**
     * Adds the key figures to the terminal table of {@code summary}, the realised risk beside its
     * target.
     *
     * @param alpha the target risk, NaN when not known here
     */
    public void addFigures(JobSummary summary, double alpha) {
        summary.figure("evaluated after warm-up", labelled)
                .figure("risk (mean loss)", meanLoss,
                        Double.isNaN(alpha) ? null : JobSummary.baseline("target alpha", alpha))
                .figure("mean width or set size", meanSize)
                .figure("mean lambda", meanLambda)
                .figure("infeasible answers", infeasible);
    }
}
