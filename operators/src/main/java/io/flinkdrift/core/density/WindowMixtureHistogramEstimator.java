package io.flinkdrift.core.density;

import io.flinkdrift.core.state.NestedCodecs;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Drift-aware histogram that predicts with a mixture of window histograms instead of choosing one
 * window: prequential aggregation of window experts with fixed share (Herbster and Warmuth,
 * "Tracking the best expert", Machine Learning 32, 1998). Expert i is the Krichevsky-Trofimov
 * smoothed histogram of the window of level {@code jMin + i} of a {@link DyadicBlockCounts}
 * (between {@code 2^j} and {@code 2^(j+1) - 1} recent elements; the top level is the whole stream),
 *
 * <pre>
 *   q_i(b) = (c_i(b) + 1/2) / (n_i + k/2),
 * </pre>
 *
 * and the prediction is {@code p(b) = sum_i w_i q_i(b)}, a convex mixture, so {@link #logDensity} is
 * the exact log of a density: {@code log(p(b) / binVolume(b))}. After each element with bin b the
 * weights become {@code v_i ∝ w_i q_i(b)} (Bayes, i.e. exponential weights on the log-loss) and
 * {@code w_i = (1 - α) v_i + α / M} (fixed share over the M levels). Guarantee: over any n elements
 * the cumulative log-loss exceeds that of any sequence of experts with s switches by at most
 * {@code ln M + (n - 1) ln(1/(1-α)) + s ln(M/α)}, M the largest number of levels, plus {@code ln 2}
 * per level created (the new top level takes half of the old top level's weight); with s = 0 that is the regret against the best
 * window in hindsight. No drift rate, threshold or largest window to choose.
 *
 * <p><em>Drift event</em>: a CUSUM test (Page, "Continuous inspection schemes", Biometrika 41, 1954)
 * of the shorter windows against the <em>reference</em> level r, the longest window that starts at
 * or after the last event (the whole stream before the first event; the shortest level, which
 * tests nothing, while no longer window fits). The reference predicts {@code q_r(b) = (1 - λ) ĉ_r(b)
 * + λ/k}, with {@code ĉ} a window's empirical distribution and {@code λ = (k/2)/(n_r + k/2)} its
 * Krichevsky-Trofimov smoothing; the alternative is the posterior mixture of the shorter windows
 * smoothed by the <em>same</em> λ,
 *
 * <pre>
 *   a(b) = sum_{i<r} w_i ((1 - λ) ĉ_i(b) + λ/k) / sum_{i<r} w_i,
 *   S_t  = max(0, S_{t-1} + log(a(b_t) / q_r(b_t))),
 * </pre>
 *
 * and an event fires when {@code S_t >= h}, {@code h =} {@link #DRIFT_THRESHOLD} {@code = ln 10^6};
 * S then restarts from 0 and the reference from the elements after the event. Equal smoothing gives
 * the alternative the reference's bias and more variance, so on a stationary stream it predicts worse
 * in expectation; with the experts' own smoothing a short window's heavier relative pseudo-count
 * would beat a long one on any high-entropy distribution and fire on stationary data. Were q_r the
 * true cell distribution, {@code exp(S)} would be a CUSUM of likelihood ratios against a predictable
 * alternative, whose mean run length to a false alarm is at least {@code e^h = 10^6} elements
 * (Lorden, "Procedures for reacting to a change in distribution", Ann. Math. Statist. 42, 1971): at
 * most 0.1 expected false events per 10^5 stationary elements. q_r is an estimate, so the bound is
 * checked, not proved, on stationary streams (see the tests). {@link #window()} is the reference
 * window, so it shrinks at every event.
 *
 * <p><em>Unbounded domains</em>: with {@link WindowMixtureConfig#growGrid()} and a {@link
 * GridBinning} of even B, a point outside the grid first doubles its range along each axis it leaves
 * ({@link GridBinning#doubled}) until the grid covers it; every window's counts merge pairwise with
 * the bins ({@link DyadicBlockCounts#remap}), exactly, and the number of cells stays B^d. Such a point
 * is scored on the grown grid, where its cell is empty in every window. On points inside the grid
 * nothing changes.
 *
 * <p>Cost O(M) per element, M = {@code log2(elementsSeen) - jMin + 1}; memory O(k M).
 */
public final class WindowMixtureHistogramEstimator implements HistogramEstimator {

    /** The CUSUM threshold h of a drift event, {@code ln 10^6} nats: the class documentation. */
    public static final double DRIFT_THRESHOLD = Math.log(1e6);

    /** The drift-event bookkeeping of format 1: the quiet period that followed an event. */
    private static final int FORMAT_1_DRIFT_QUIET = 256;

    private Binning binning;
    private final WindowMixtureConfig config;
    private final DyadicBlockCounts counts;
    private double[] weights = {1.0};
    private double cusum;
    private long lastEvent;
    private boolean driftDetected;

    /** @throws IllegalArgumentException when an argument is null */
    public WindowMixtureHistogramEstimator(Binning binning, WindowMixtureConfig config) {
        this(binning, config, emptyCounts(binning, config));
    }

    private WindowMixtureHistogramEstimator(Binning binning, WindowMixtureConfig config, DyadicBlockCounts counts) {
        this.binning = binning;
        this.config = config;
        this.counts = counts;
    }

    @Override
    public Binning binning() {
        return binning;
    }

    public WindowMixtureConfig config() {
        return config;
    }

    @Override
    public void addBin(int bin) {
        if (bin < 0 || bin >= binning.numBins()) {
            throw new IllegalArgumentException("bin must be in [0, " + binning.numBins() + "), got " + bin);
        }
        updateCusum(bin);
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] *= expertProbability(i, bin);
            total += weights[i];
        }
        double share = config.switchRate() / weights.length;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (1 - config.switchRate()) * weights[i] / total + share;
        }
        if (counts.add(bin)) {
            int top = weights.length - 1;
            weights = Arrays.copyOf(weights, weights.length + 1);
            weights[top] /= 2;
            weights[top + 1] = weights[top];
        }
        if (driftDetected) {
            lastEvent = counts.elementsSeen();
        }
    }

    /** The CUSUM step of the class documentation, on the weights and windows before {@code bin} is added. */
    private void updateCusum(int bin) {
        int reference = referenceLevel();
        if (reference > 0) {
            int k = binning.numBins();
            double smoothing = 0.5 * k / (counts.windowSize(reference) + 0.5 * k);
            double shorterMass = 0;
            double shorterProbability = 0;
            for (int i = 0; i < reference; i++) {
                double empirical = (double) counts.count(i, bin) / counts.windowSize(i);
                shorterMass += weights[i];
                shorterProbability += weights[i] * ((1 - smoothing) * empirical + smoothing / k);
            }
            cusum = Math.max(0, cusum + Math.log(shorterProbability / shorterMass / expertProbability(reference, bin)));
        }
        driftDetected = cusum >= DRIFT_THRESHOLD;
        if (driftDetected) {
            cusum = 0;
        }
    }

    /** The longest level whose window starts at or after the last drift event; 0 when none does. */
    private int referenceLevel() {
        for (int i = weights.length - 1; i > 0; i--) {
            if (counts.elementsSeen() - counts.windowSize(i) >= lastEvent) {
                return i;
            }
        }
        return 0;
    }

    /**
     * Adds {@code point}, first doubling a growing grid until it covers the point (the class
     * documentation); a point the grid cannot grow to is binned like {@link HistogramEstimator#add}.
     */
    @Override
    public boolean add(double[] point) {
        List<Doubling> doublings = doublingsToCover(point);
        if (doublings != null) {
            GridBinning grid = (GridBinning) binning;
            for (Doubling doubling : doublings) {
                GridBinning from = grid;
                counts.remap(cell -> from.mergedCell(cell, doubling.axis, doubling.up));
                grid = grid.doubled(doubling.axis, doubling.up);
            }
            binning = grid;
        }
        return HistogramEstimator.super.add(point);
    }

    /** Whether {@code point} lies in the grid or, when it grows, in the grid grown to cover it. */
    @Override
    public boolean covers(double[] point) {
        return binning.covers(point) || doublingsToCover(point) != null;
    }

    /**
     * {@code log(sum_i w_i q_i(b) / binVolume(b))}: the exact log-density of the mixture prediction.
     * A point outside a growing grid is scored on the grid grown to cover it, where its cell is new
     * to every window: {@code log(sum_i w_i (1/2) / (n_i + k/2) / binVolume)}.
     */
    @Override
    public double logDensity(double[] point) {
        List<Doubling> doublings = doublingsToCover(point);
        if (doublings != null) {
            double probability = 0;
            for (int i = 0; i < weights.length; i++) {
                probability += weights[i] * 0.5 / (counts.windowSize(i) + 0.5 * binning.numBins());
            }
            // each doubling doubles the volume of every cell
            return Math.log(probability / Math.scalb(binning.binVolume(0), doublings.size()));
        }
        int bin = binning.binOf(point);
        if (bin < 0) {
            return Double.NaN;
        }
        double probability = 0;
        for (int i = 0; i < weights.length; i++) {
            probability += weights[i] * expertProbability(i, bin);
        }
        return Math.log(probability / binning.binVolume(bin));
    }

    /** 0 outside a growing grid (no window holds the point's cell yet); otherwise the mixture's density. */
    @Override
    public double density(double[] point) {
        if (counts.elementsSeen() > 0 && doublingsToCover(point) != null) {
            return 0;
        }
        return HistogramEstimator.super.density(point);
    }

    /**
     * The doublings, in order, after which the grid covers {@code point}: null when the grid does not
     * grow (growth off, not a grid, an odd number of bins per axis), already covers the point, or
     * cannot reach it (a coordinate that is not finite, or a range that would overflow).
     */
    private List<Doubling> doublingsToCover(double[] point) {
        if (!config.growGrid() || !(binning instanceof GridBinning) || point == null
                || point.length != binning.dimension() || binning.covers(point)) {
            return null;
        }
        GridBinning grid = (GridBinning) binning;
        if (!grid.doubles()) {
            return null;
        }
        for (double x : point) {
            if (!Double.isFinite(x)) {
                return null;
            }
        }
        List<Doubling> doublings = new ArrayList<>();
        while (!grid.covers(point)) {
            double[] lo = grid.lo();
            double[] hi = grid.hi();
            int axis = 0;
            while (point[axis] >= lo[axis] && point[axis] <= hi[axis]) {
                axis++;
            }
            Doubling doubling = new Doubling(axis, point[axis] > hi[axis]);
            grid = grid.doubled(doubling.axis, doubling.up);
            if (grid == null) {
                return null;
            }
            doublings.add(doubling);
        }
        return doublings;
    }

    /** One doubling of the grid's range along an axis, above its upper corner or below its lower one. */
    private record Doubling(int axis, boolean up) {}

    /**
     * The posterior-weighted window, {@code sum_i w_i n_i} times the mixture of the experts'
     * unsmoothed estimates {@code sum_i w_i c_i(b) / n_i}, so that {@link #probabilities()} and
     * {@link #density} are that mixture.
     */
    @Override
    public double binCount(int bin) {
        if (counts.elementsSeen() == 0) {
            return 0;
        }
        double mixture = 0;
        for (int i = 0; i < weights.length; i++) {
            mixture += weights[i] * counts.count(i, bin) / counts.windowSize(i);
        }
        return windowCount() * mixture;
    }

    /** The posterior mean window {@code sum_i w_i n_i}. */
    @Override
    public double windowCount() {
        double window = 0;
        for (int i = 0; i < weights.length; i++) {
            window += weights[i] * counts.windowSize(i);
        }
        return window;
    }

    /**
     * The window of the drift test's reference level: the longest window that starts at or after the
     * last drift event (the shortest window while none does), so it shrinks at every drift event.
     */
    @Override
    public int window() {
        return counts.windowSize(referenceLevel());
    }

    @Override
    public boolean driftDetected() {
        return driftDetected;
    }

    @Override
    public long elementsSeen() {
        return counts.elementsSeen();
    }

    /** The experts' weights, shortest window first (a copy, summing to 1). */
    public double[] weights() {
        return weights.clone();
    }

    /** The window of expert {@code level} (0 is the shortest). */
    public int expertWindow(int level) {
        return counts.windowSize(level);
    }

    /** Expert {@code level}'s count of {@code bin}. */
    public int expertCount(int level, int bin) {
        return counts.count(level, bin);
    }

    private double expertProbability(int level, int bin) {
        return (counts.count(level, bin) + 0.5) / (counts.windowSize(level) + 0.5 * binning.numBins());
    }

    private static DyadicBlockCounts emptyCounts(Binning binning, WindowMixtureConfig config) {
        if (binning == null || config == null) {
            throw new IllegalArgumentException("binning and config must not be null");
        }
        return new DyadicBlockCounts(binning.numBins(), config.minWindowExponent(), config.maxWindowExponent());
    }

    /**
     * Format 2: binning ({@link BinningCodec}), config ({@link WindowMixtureConfig.Codec}) and window
     * counts ({@link DyadicBlockCounts.Codec}), each preceded by its own format version, then the
     * weights (length and values), the drift test's CUSUM statistic, the element count at its last
     * event, and the drift flag. Format 1 (the posterior-median rule) wrote the peak level, the
     * elements fallen and the end of the quiet period instead of the CUSUM and the last event; it
     * reads with the CUSUM at 0 and the last event where its quiet period began (no event: 0).
     */
    public static final class Codec implements StateCodec<WindowMixtureHistogramEstimator> {

        private final BinningCodec binningCodec = new BinningCodec();
        private final WindowMixtureConfig.Codec configCodec = new WindowMixtureConfig.Codec();
        private final DyadicBlockCounts.Codec countsCodec = new DyadicBlockCounts.Codec();

        @Override
        public int version() {
            return 2;
        }

        @Override
        public void write(WindowMixtureHistogramEstimator value, DataOutput out) throws IOException {
            NestedCodecs.write(binningCodec, value.binning, out);
            NestedCodecs.write(configCodec, value.config, out);
            NestedCodecs.write(countsCodec, value.counts, out);
            NestedCodecs.writeDoubles(value.weights, out);
            out.writeDouble(value.cusum);
            out.writeLong(value.lastEvent);
            out.writeBoolean(value.driftDetected);
        }

        @Override
        public WindowMixtureHistogramEstimator read(DataInput in, int version) throws IOException {
            Binning binning = NestedCodecs.read(binningCodec, in);
            WindowMixtureConfig config = NestedCodecs.read(configCodec, in);
            DyadicBlockCounts counts = NestedCodecs.read(countsCodec, in);
            if (counts.numBins() != binning.numBins() || counts.minExponent() != config.minWindowExponent()
                    || counts.maxExponent() != config.maxWindowExponent()) {
                throw new IOException("Corrupt window mixture state: counts do not match binning and config");
            }
            WindowMixtureHistogramEstimator value = new WindowMixtureHistogramEstimator(binning, config, counts);
            value.weights = NestedCodecs.readDoubles(in, counts.levels());
            double total = 0;
            for (double weight : value.weights) {
                if (!(weight > 0 && weight <= 1)) {
                    throw new IOException("Corrupt window mixture state: weight " + weight);
                }
                total += weight;
            }
            if (version == 1) {
                in.readInt(); // the peak level of the posterior-median rule
                int fallenFor = in.readInt();
                long quietUntil = in.readLong();
                value.lastEvent = Math.max(0, quietUntil - FORMAT_1_DRIFT_QUIET);
                if (fallenFor < 0 || quietUntil < 0) {
                    throw new IOException("Corrupt window mixture state: drift detector");
                }
            } else {
                value.cusum = in.readDouble();
                value.lastEvent = in.readLong();
            }
            if (value.weights.length != counts.levels() || Math.abs(total - 1) > 1e-9
                    || !(value.cusum >= 0 && value.cusum < DRIFT_THRESHOLD)
                    || value.lastEvent < 0 || value.lastEvent > counts.elementsSeen()) {
                throw new IOException("Corrupt window mixture state: weights or drift detector");
            }
            value.driftDetected = in.readBoolean();
            return value;
        }
    }
}
