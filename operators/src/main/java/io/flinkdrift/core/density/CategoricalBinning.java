package io.flinkdrift.core.density;

/**
 * Bins a finite alphabet of symbols {@code 0..k-1} (one bin per symbol) plus one "other" bin,
 * index {@code k}, that collects every symbol outside the alphabet: negative or {@code >= k}
 * integers and non-integer values. A stream with a large or growing alphabet should map its rare
 * symbols to {@code k} (or any out-of-range value) before they reach the estimator: the
 * total-variation thresholds scale with the square root of the number of bins.
 *
 * <p>A point is a one-element array holding the symbol; {@link #binOf(int)} takes the symbol
 * directly. Bin volumes are 1, so densities are probability masses.
 */
public final class CategoricalBinning implements Binning {

    private final int alphabetSize;

    /**
     * @param alphabetSize k, the number of regular symbols, in [1, 2^24]
     * @throws IllegalArgumentException when {@code alphabetSize} is out of range
     */
    public CategoricalBinning(int alphabetSize) {
        if (alphabetSize < 1 || alphabetSize > (1 << 24)) {
            throw new IllegalArgumentException("alphabetSize must be in [1, 2^24], got " + alphabetSize);
        }
        this.alphabetSize = alphabetSize;
    }

    /** The number of regular symbols k. */
    public int alphabetSize() {
        return alphabetSize;
    }

    /** The index of the "other" bin, {@code k}. */
    public int otherBin() {
        return alphabetSize;
    }

    @Override
    public int numBins() {
        return alphabetSize + 1;
    }

    @Override
    public int dimension() {
        return 1;
    }

    /** The bin of {@code symbol}: itself when in {@code [0, k)}, otherwise the "other" bin. */
    public int binOf(int symbol) {
        return symbol >= 0 && symbol < alphabetSize ? symbol : alphabetSize;
    }

    @Override
    public int binOf(double[] point) {
        if (point == null || point.length != 1 || Double.isNaN(point[0])) {
            return -1;
        }
        double symbol = point[0];
        boolean inAlphabet = symbol >= 0 && symbol < alphabetSize && symbol == Math.rint(symbol);
        return inAlphabet ? (int) symbol : alphabetSize;
    }

    /** Whether {@code point} is a regular symbol (not one the "other" bin collects). */
    @Override
    public boolean covers(double[] point) {
        int bin = binOf(point);
        return bin >= 0 && bin < alphabetSize;
    }

    @Override
    public double binVolume(int bin) {
        return 1.0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CategoricalBinning
                && ((CategoricalBinning) other).alphabetSize == alphabetSize;
    }

    @Override
    public int hashCode() {
        return alphabetSize;
    }
}
