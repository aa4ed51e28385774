package io.flinkdrift.core.density;

/**
 * Data-driven choice of the window of a drifting stream, without knowledge of the drift rate: the
 * Lepski-style rule of Mazzetto and Upfal (NeurIPS 2023, "An adaptive algorithm for learning with
 * unknown distribution drift"), applied to density estimation in total variation (Mazzetto and
 * Upfal, ICML 2023, "Nonparametric density estimation under distribution drift"); see
 * docs/density.md.
 *
 * <p>Every {@code N} elements (the m-th re-selection, m = 1, 2, ...), among the full windows
 * {@code r_j = 2^j}, {@code jMin <= j <= min(J, floor(log2 n))}, it chooses the <em>largest</em>
 * {@code r_j} whose empirical distribution is close to that of every smaller candidate window:
 * {@code D_ij = TV(P_{r_i}, P_{r_j}) <= tau_ij(m)} for all {@code jMin <= i < j}, with
 *
 * <pre>
 *   tau_ij(m) = c * sqrt((1 - r_i/r_j) / r_i) * ( sqrt(k)/2 + sqrt( ln(P * m(m+1) / delta) / 2 ) )
 * </pre>
 *
 * where k is the number of bins, {@code P = W(W-1)/2} the number of window pairs
 * ({@code W = J - jMin + 1}) and c the threshold multiplier. The smallest candidate always
 * qualifies. When fewer than {@code 2^jMin} elements were seen, the largest full window is chosen.
 *
 * <p>Why this threshold (c = 1): on a stationary stream, {@code P_{r_i} - P_{r_j} = (1 - r_i/r_j)
 * (P_{r_i} - P_rest)} with "rest" the disjoint older {@code r_j - r_i} elements, so
 * {@code E D_ij <= sqrt(k (1 - r_i/r_j) / r_i) / 2} (Cauchy-Schwarz over the bins), and
 * {@code D_ij} has bounded differences whose squares sum to {@code (1 - r_i/r_j)/r_i}; McDiarmid's
 * inequality bounds {@code P(D_ij > tau_ij(m))} by {@code delta / (P m(m+1))}. A union bound over the
 * P pairs and over all re-selections ({@code sum_m 1/(m(m+1)) = 1}) gives: on a stationary stream
 * the probability that the chosen window is ever smaller than the largest full window is at most
 * delta, for the whole stream. The price is that thresholds grow like {@code sqrt(ln m)}.
 *
 * <p>{@link #driftDetected()} is true when the last re-selection chose a window smaller than both
 * the previously chosen window and the largest full window (a shrink, not start-up growth).
 *
 * <p>Unlike the authors' code (consecutive pairs only, returning the second-largest window when
 * nothing fails) this compares every nested pair and can return the largest window.
 */
public final class WindowSelector {

    private final AdaptiveWindowConfig config;
    private final double noiseSqrtBins;
    private long reselections;
    private int chosenExponent;
    private boolean driftDetected;

    /**
     * @param config the selection parameters
     * @param numBins k, the number of bins of the counts this selector will see, >= 1
     */
    public WindowSelector(AdaptiveWindowConfig config, int numBins) {
        if (numBins < 1) {
            throw new IllegalArgumentException("numBins must be >= 1, got " + numBins);
        }
        this.config = config;
        this.noiseSqrtBins = 0.5 * Math.sqrt(numBins);
        this.chosenExponent = config.maxWindowExponent();
    }

    public AdaptiveWindowConfig config() {
        return config;
    }

    /**
     * The exponent of the chosen window. Before the first re-selection it is J, so that the
     * estimate uses every element seen so far; afterwards the chosen window is always full.
     */
    public int chosenExponent() {
        return chosenExponent;
    }

    /** Whether the last re-selection shrank the window (see class comment). */
    public boolean driftDetected() {
        return driftDetected;
    }

    /** The number of re-selections so far (m). */
    public long reselections() {
        return reselections;
    }

    /**
     * Re-selects the window when the element count of {@code counts} is a multiple of N; call after
     * every element.
     *
     * @return whether a re-selection ran
     */
    public boolean observe(DyadicWindowCounts counts) {
        long seen = counts.elementsSeen();
        if (seen == 0 || seen % config.reselectionInterval() != 0) {
            return false;
        }
        reselect(counts);
        return true;
    }

    /** Runs one re-selection now (the m-th) and returns the chosen exponent. */
    public int reselect(DyadicWindowCounts counts) {
        checkCompatible(counts);
        reselections++;
        int largestFull = counts.largestFullExponent();
        int chosen = largestFull;
        if (largestFull >= config.minWindowExponent()) {
            double logTerm = Math.sqrt(0.5 * Math.log(config.comparedPairs()
                    * (double) reselections * (reselections + 1.0) / config.delta()));
            chosen = config.minWindowExponent();
            for (int j = largestFull; j > config.minWindowExponent(); j--) {
                if (agreesWithSmallerWindows(counts, j, logTerm)) {
                    chosen = j;
                    break;
                }
            }
        }
        driftDetected = chosen < Math.min(chosenExponent, largestFull);
        chosenExponent = Math.max(chosen, 0);
        return chosenExponent;
    }

    /**
     * {@code tau_ij(m)} of the class comment for windows {@code 2^small < 2^large}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= small < large <= J} and {@code reselection >= 1}
     */
    public double threshold(int small, int large, long reselection) {
        if (small < 0 || small >= large || large > config.maxWindowExponent() || reselection < 1) {
            throw new IllegalArgumentException("need 0 <= small < large <= " + config.maxWindowExponent()
                    + " and reselection >= 1, got " + small + ", " + large + ", " + reselection);
        }
        double logTerm = Math.sqrt(0.5 * Math.log(config.comparedPairs()
                * (double) reselection * (reselection + 1.0) / config.delta()));
        return threshold(small, large, logTerm);
    }

    private double threshold(int small, int large, double logTerm) {
        double ratio = Math.scalb(1.0, small - large);
        double scale = Math.sqrt((1.0 - ratio) / Math.scalb(1.0, small));
        return config.thresholdMultiplier() * scale * (noiseSqrtBins + logTerm);
    }

    private boolean agreesWithSmallerWindows(DyadicWindowCounts counts, int large, double logTerm) {
        for (int small = config.minWindowExponent(); small < large; small++) {
            if (counts.totalVariation(small, large) > threshold(small, large, logTerm)) {
                return false;
            }
        }
        return true;
    }

    private void checkCompatible(DyadicWindowCounts counts) {
        if (counts.maxExponent() != config.maxWindowExponent()) {
            throw new IllegalArgumentException("counts have J = " + counts.maxExponent()
                    + " but the selector was configured with J = " + config.maxWindowExponent());
        }
    }

    /** Restores the selection state (state restore). */
    void restore(long reselections, int chosenExponent, boolean driftDetected) {
        this.reselections = reselections;
        this.chosenExponent = chosenExponent;
        this.driftDetected = driftDetected;
    }
}
