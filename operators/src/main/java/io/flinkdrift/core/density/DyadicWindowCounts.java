package io.flinkdrift.core.density;

/**
 * Bin counts over the nested windows of the {@code 2^j} most recent elements, {@code j = 0..J},
 * kept exactly in O(J) per element: a ring buffer holds the last {@code R_max = 2^J} bins, and each
 * arrival increments every window's count and decrements, in each window, the bin of the element
 * that leaves it (the one {@code 2^j} steps back). Memory is {@code 2^J + (J+1) * numBins} ints.
 * This is the streaming state of the adaptive window (Mazzetto and Upfal, ICML 2023 / NeurIPS 2023).
 *
 * <p>Windows are nested by construction, which the variance scale of {@link WindowSelector}
 * requires.
 */
public final class DyadicWindowCounts {

    /** The largest supported J: a ring of 2^26 ints is 256 MB. */
    public static final int MAX_EXPONENT = 26;

    private final int numBins;
    private final int maxExponent;
    private final int[][] counts;
    private final BinRing ring;

    /**
     * @param numBins number of bins, >= 1
     * @param maxExponent J in [0, 26]; the largest window holds 2^J elements
     * @throws IllegalArgumentException when an argument is out of range
     */
    public DyadicWindowCounts(int numBins, int maxExponent) {
        if (numBins < 1) {
            throw new IllegalArgumentException("numBins must be >= 1, got " + numBins);
        }
        if (maxExponent < 0 || maxExponent > MAX_EXPONENT) {
            throw new IllegalArgumentException(
                    "maxExponent must be in [0, " + MAX_EXPONENT + "], got " + maxExponent);
        }
        this.numBins = numBins;
        this.maxExponent = maxExponent;
        this.counts = new int[maxExponent + 1][numBins];
        this.ring = new BinRing(1 << maxExponent);
    }

    public int numBins() {
        return numBins;
    }

    /** J: windows are {@code 2^0 .. 2^J}. */
    public int maxExponent() {
        return maxExponent;
    }

    /** The number of elements added since creation. */
    public long elementsSeen() {
        return ring.pushed();
    }

    /**
     * Adds one element.
     *
     * @param bin in [0, numBins)
     * @throws IllegalArgumentException when {@code bin} is out of range (nothing is changed)
     */
    public void add(int bin) {
        if (bin < 0 || bin >= numBins) {
            throw new IllegalArgumentException("bin must be in [0, " + numBins + "), got " + bin);
        }
        long seen = ring.pushed();
        for (int j = 0; j <= maxExponent; j++) {
            int[] window = counts[j];
            if (seen >= (1L << j)) {
                window[ring.get(1 << j)]--;
            }
            window[bin]++;
        }
        ring.push(bin);
    }

    /** The number of elements in window j: {@code min(2^j, elementsSeen())}. */
    public int windowSize(int exponent) {
        checkExponent(exponent);
        return (int) Math.min(1L << exponent, ring.pushed());
    }

    /** The count of {@code bin} among the last {@code windowSize(exponent)} elements. */
    public int count(int exponent, int bin) {
        checkExponent(exponent);
        return counts[exponent][bin];
    }

    /**
     * The largest j whose window is full ({@code 2^j <= elementsSeen()}), at most J; -1 before the
     * first element.
     */
    public int largestFullExponent() {
        long seen = ring.pushed();
        if (seen == 0) {
            return -1;
        }
        return Math.min(maxExponent, 63 - Long.numberOfLeadingZeros(seen));
    }

    /**
     * Total-variation distance between the empirical distributions of windows {@code small} and
     * {@code large}: {@code 1/2 * sum_b |c_small[b]/r_small - c_large[b]/r_large|}; 0 while a
     * window is empty.
     */
    public double totalVariation(int small, int large) {
        int sizeSmall = windowSize(small);
        int sizeLarge = windowSize(large);
        if (sizeSmall == 0 || sizeLarge == 0) {
            return 0.0;
        }
        int[] a = counts[small];
        int[] b = counts[large];
        double inverseSmall = 1.0 / sizeSmall;
        double inverseLarge = 1.0 / sizeLarge;
        double sum = 0.0;
        for (int bin = 0; bin < numBins; bin++) {
            sum += Math.abs(a[bin] * inverseSmall - b[bin] * inverseLarge);
        }
        return 0.5 * sum;
    }

    /** The retained bin {@code lag} steps back, for 1 &lt;= lag &lt;= min(2^J, elementsSeen()). */
    public int retainedBin(int lag) {
        if (lag < 1 || lag > ring.size()) {
            throw new IllegalArgumentException("lag must be in [1, " + ring.size() + "], got " + lag);
        }
        return ring.get(lag);
    }

    /** The number of retained elements, {@code min(2^J, elementsSeen())}. */
    public int retained() {
        return ring.size();
    }

    /** Restores the element count after {@link #add replaying} the retained bins (state restore). */
    void restoreElementsSeen(long elementsSeen) {
        ring.setPushed(elementsSeen);
    }

    private void checkExponent(int exponent) {
        if (exponent < 0 || exponent > maxExponent) {
            throw new IllegalArgumentException("exponent must be in [0, " + maxExponent + "], got " + exponent);
        }
    }
}
