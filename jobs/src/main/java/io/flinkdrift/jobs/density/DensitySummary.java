package io.flinkdrift.jobs.density;

import io.flinkdrift.jobs.runtime.JobSummary;

import java.io.Serializable;

/**
 * The results of a whole {@code density} run. A Flink POJO, and serializable because it reaches the
 * client as an accumulator.
 */
public class DensitySummary implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Elements scored. */
    public long elements;

    /** Elements the estimators accepted (the others had a NaN coordinate or a wrong dimension). */
    public long accepted;

    /**
     * Mean of the finite log-density scores (each element scored before it was added): the
     * prequential log-likelihood per element, higher is better.
     */
    public double meanLogDensity = Double.NaN;

    /** Elements with a finite score (the kernel estimate cannot score a key's first element). */
    public long scored;

    /**
     * Elements outside the estimator's support (a histogram's grid or alphabet), scored in the edge
     * cell their coordinates clamp to: when not 0, widen {@code --grid-lo}/{@code --grid-hi} or use
     * {@code --estimator kde}, which has no bounds.
     */
    public long outOfRange;

    /** Drift events: elements at which an adaptive window shrank. */
    public long driftEvents;

    /** The smallest {@link DensitySummaryFunction#MAX_DRIFT_IDS} drift event ids, ascending. */
    public long[] driftEventIds = new long[0];

    /** Mean over accepted elements of the window after the element. */
    public double meanWindow = Double.NaN;

    /** Estimate snapshots emitted. */
    public long estimates;

    /**
     * Mixture generator only: mean over the estimates of the total variation distance between the
     * estimate's cell probabilities and the true cell masses of its record's distribution (kernel
     * estimates: density at the cell centre times the cell volume); NaN without ground truth.
     */
    public double meanTotalVariation = Double.NaN;

    /** Bound on the TV error of the true cell masses themselves (midpoint rule), NaN without truth. */
    public double truthErrorBound = Double.NaN;

    /** Largest {@code |1 - sum of the true cell masses|} seen: mass outside the grid plus integration error. */
    public double truthMassOutsideGrid = Double.NaN;

    /** Record ids per window of the series below. */
    public long seriesWindow;

    /** First id of each window of the series, in increasing order. */
    public long[] seriesStarts = new long[0];

    /** Per window: the mean estimator window of the elements added, and the mean finite log-density. */
    public double[] seriesMeanWindow = new double[0];
    public double[] seriesMeanLogDensity = new double[0];

    /** Per window: the drift events. */
    public long[] seriesDriftEvents = new long[0];

    /** Ids at which the source's concept differs from the previous id's (generators), ascending. */
    public long[] conceptChanges = new long[0];

    /** Windows of the series dropped because more than the retained number were open (unbounded runs). */
    public long droppedSeriesWindows;

    public DensitySummary() {}

    /** Adds the key figures to the terminal table of {@code summary}. */
    public void addFigures(JobSummary summary) {
        summary.figure("elements accepted", accepted)
                .figure("mean log-density", meanLogDensity)
                .figure("drift events", driftEvents)
                .figure("mean window", meanWindow)
                .figure("outside the grid", outOfRange);
        if (!Double.isNaN(meanTotalVariation)) {
            summary.figure("mean total variation", meanTotalVariation);
        }
    }
}
