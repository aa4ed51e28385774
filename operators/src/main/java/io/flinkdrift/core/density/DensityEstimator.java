package io.flinkdrift.core.density;

/**
 * An online estimate of the <em>current</em> distribution of a stream whose distribution may drift
 * (Mazzetto and Upfal, ICML 2023). Elements are points ({@code double[]} of the estimator's
 * dimension; a categorical symbol is a one-element array). Implementations are not thread-safe.
 *
 * <p>For anomaly scoring, call {@link #logDensity} on a new element <em>before</em> {@link #add}ing
 * it, so the element is scored against the past only.
 */
public interface DensityEstimator {

    /** The dimension of the accepted points. */
    int dimension();

    /**
     * Adds one element. Points that cannot be used (null, wrong dimension, NaN or, for kernel
     * estimates, infinite coordinates) are ignored and leave the state unchanged.
     *
     * @return whether the point was added
     */
    boolean add(double[] point);

    /**
     * The current density estimate at {@code point} (a probability mass for categorical data), or
     * NaN for a point that cannot be used or an estimator that holds no element.
     */
    double density(double[] point);

    /**
     * A finite log-density score of {@code point} under the current estimate, smoothed so that unseen
     * regions do not score minus infinity (each implementation states its smoothing); NaN for a point
     * that cannot be used, or where an implementation says so.
     */
    double logDensity(double[] point);

    /**
     * The number of most recent elements the estimate is built from (for exponential forgetting,
     * the effective sample size {@code sum_s lambda^(t-s)} rounded to the nearest integer).
     */
    int window();

    /** Whether the last window re-selection detected drift (shrank the window); false for baselines. */
    boolean driftDetected();

    /** The number of elements added since creation. */
    long elementsSeen();

    /**
     * Whether the estimator's support covers {@code point}: false for a histogram's point outside its
     * grid (scored in the edge cell its coordinates clamp to) or a categorical point outside the
     * alphabet; a kernel estimate covers every finite point.
     */
    boolean covers(double[] point);
}
