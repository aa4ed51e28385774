package io.flinkdrift.operators.density;

import java.util.Arrays;

/**
 * A snapshot of one key's density estimate, emitted by {@link DensityEstimationFunction} on the
 * side output {@link DensityEstimationFunction#ESTIMATES} after every {@code cadence}-th element the
 * key's estimator accepted. Exactly one of {@link #probabilities} and {@link #gridDensity} is
 * non-empty. A Flink POJO.
 */
public class DensityEstimate {

    /** The key, and the id and event time of the element after which the snapshot was taken. */
    public String key;

    public long id;
    public long timestamp;

    /** Elements the key's estimator has accepted so far (a multiple of the cadence). */
    public long elementsSeen;

    /** The window the estimate is built from (the chosen window for the adaptive estimators). */
    public int window;

    /** Whether the estimator's last window re-selection shrank the window (false for baselines). */
    public boolean driftDetected;

    /** Histogram estimators: the bin probabilities (summing to 1), in the binning's bin order. */
    public double[] probabilities = new double[0];

    /**
     * Kernel estimate: the density at the centre of every cell of its grid, in the grid's row-major
     * cell order.
     */
    public double[] gridDensity = new double[0];

    public DensityEstimate() {}

    @Override
    public String toString() {
        return "DensityEstimate{key=" + key + ", id=" + id + ", elementsSeen=" + elementsSeen + ", window="
                + window + ", driftDetected=" + driftDetected + ", probabilities="
                + Arrays.toString(probabilities) + ", gridDensity=" + Arrays.toString(gridDensity) + "}";
    }
}
