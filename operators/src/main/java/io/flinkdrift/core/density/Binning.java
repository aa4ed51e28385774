package io.flinkdrift.core.density;

/**
 * Maps stream elements to a finite set of bins {@code 0..numBins()-1}: the "binned representation"
 * on which the window counts, the adaptive window selection of {@link WindowSelector} and the
 * histogram estimators work. The total-variation thresholds of the selection grow with
 * {@code sqrt(numBins())}, so keep the number of bins moderate (Mazzetto and Upfal, ICML 2023:
 * the minimax risk of a k-bin estimate under drift grows like k^(1/3)).
 */
public interface Binning {

    /** The number of bins, at least 1. */
    int numBins();

    /** The dimension of the points this binning accepts. */
    int dimension();

    /**
     * The bin of {@code point}, or -1 when the point cannot be binned (null, wrong dimension, NaN
     * coordinate); callers ignore such points. Never throws.
     */
    int binOf(double[] point);

    /**
     * The Lebesgue volume of a bin, used to turn a bin probability into a density: 1 for
     * categorical data, where the "density" is the probability mass.
     */
    double binVolume(int bin);

    /**
     * Whether {@code point} lies in the binned region; {@link #binOf} maps a point outside it to an
     * edge or overflow bin, so callers that score points count those that are not covered instead of
     * clamping them silently.
     */
    boolean covers(double[] point);
}
