package io.flinkdrift.operators.density;

/**
 * The anomaly score of one element (the main output of {@link DensityEstimationFunction}): its
 * log-density under its key's estimate <em>before</em> the element was added, so the element is
 * scored against the past only (a prequential log-likelihood term). A Flink POJO.
 */
public class DensityScore {

    /** The element's id, key, event time and concept id (ground truth of generators, else -1). */
    public long id;

    public String key;
    public long timestamp;
    public int concept;

    /**
     * {@code logDensity(features)} of the estimate before this element: smoothed and finite for
     * histograms, exact for the kernel estimate; NaN when the element could not be used (NaN
     * coordinate, wrong dimension) or the estimate was still empty (kernel estimate).
     */
    public double logDensity;

    /** Whether the element was added to the estimate. */
    public boolean added;

    /** The estimator's window (number of recent elements it uses) after this element. */
    public int window;

    /**
     * True at a drift event: the estimator reports drift ({@code driftDetected()}) and its window
     * after this element is smaller than before it. Never true for the fixed-window and
     * exponential-forgetting baselines.
     */
    public boolean drift;

    /**
     * Whether the element lay outside the estimator's support ({@link
     * io.flinkdrift.core.density.DensityEstimator#covers}): a histogram scored it in the edge cell
     * its coordinates clamp to, so its score is not a density of the element; counted in the summary.
     */
    public boolean outOfRange;

    public DensityScore() {}

    @Override
    public String toString() {
        return "DensityScore{id=" + id + ", key=" + key + ", logDensity=" + logDensity + ", added=" + added
                + ", window=" + window + ", drift=" + drift + "}";
    }
}
