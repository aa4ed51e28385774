package io.flinkdrift.core.density;

/**
 * A density estimator that is a weighted histogram over a {@link Binning}: the estimate of bin b is
 * {@code binCount(b) / windowCount()} and the density is that probability over the bin volume.
 * Points map to bins through {@link Binning#binOf}; a point the binning rejects is ignored.
 *
 * <p>{@link #logDensity} is smoothed with the Krichevsky-Trofimov pseudo-count 1/2 per bin:
 * {@code log((binCount(b) + 1/2) / (windowCount() + k/2) / binVolume(b))}, finite even for an empty
 * estimator (the uniform distribution over bins).
 */
public interface HistogramEstimator extends DensityEstimator {

    /** The binning of the elements. */
    Binning binning();

    /** The (possibly fractional, for decayed counts) number of window elements in {@code bin}. */
    double binCount(int bin);

    /** The total of {@link #binCount} over all bins; 0 for an empty estimator. */
    double windowCount();

    /**
     * Adds an element already mapped to its bin.
     *
     * @throws IllegalArgumentException when {@code bin} is not in {@code [0, binning().numBins())}
     */
    void addBin(int bin);

    @Override
    default int dimension() {
        return binning().dimension();
    }

    @Override
    default boolean add(double[] point) {
        int bin = binning().binOf(point);
        if (bin < 0) {
            return false;
        }
        addBin(bin);
        return true;
    }

    /** The estimated bin probabilities (a fresh array summing to 1); uniform when empty. */
    @Override
    default boolean covers(double[] point) {
        return binning().covers(point);
    }

    default double[] probabilities() {
        int k = binning().numBins();
        double[] probabilities = new double[k];
        double total = windowCount();
        for (int bin = 0; bin < k; bin++) {
            probabilities[bin] = total > 0 ? binCount(bin) / total : 1.0 / k;
        }
        return probabilities;
    }

    @Override
    default double density(double[] point) {
        int bin = binning().binOf(point);
        double total = windowCount();
        if (bin < 0 || total <= 0) {
            return Double.NaN;
        }
        return binCount(bin) / total / binning().binVolume(bin);
    }

    @Override
    default double logDensity(double[] point) {
        int bin = binning().binOf(point);
        if (bin < 0) {
            return Double.NaN;
        }
        double smoothed = (binCount(bin) + 0.5) / (windowCount() + 0.5 * binning().numBins());
        return Math.log(smoothed / binning().binVolume(bin));
    }
}
