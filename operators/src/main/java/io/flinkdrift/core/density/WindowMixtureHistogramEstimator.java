package io.flinkdrift.core.density;

import io.flinkdrift.core.state.NestedCodecs;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

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
 * <p><em>Drift event</em>: with {@code m} the posterior-median level (the smallest i whose
 * cumulative weight from the shortest window reaches 1/2), an event fires when m falls {@value
 * #DRIFT_DROP} or more levels below its peak (the median window shrinks at least fourfold) and
 * stays there for {@value #DRIFT_CONFIRMATION} consecutive elements (a single outlier in a rare
 * cell moves the posterior to short windows for a few elements only). The detector then stays quiet
 * for {@value #DRIFT_QUIET} elements, so one change fires once while the posterior settles, and the
 * peak restarts from the median at the end of the quiet period. {@link #window()} is the peak level's
 * window.
 *
 * <p>Cost O(M) per element, M = {@code log2(elementsSeen) - jMin + 1}; memory O(k M).
 */
public final class WindowMixtureHistogramEstimator implements HistogramEstimator {

    /** The fall of the posterior-median level, below its peak since the last event, that is a drift event. */
    public static final int DRIFT_DROP = 2;

    /** The number of consecutive elements the median must stay fallen for a drift event. */
    public static final int DRIFT_CONFIRMATION = 16;

    /** The number of elements after a drift event during which no other event fires. */
    public static final int DRIFT_QUIET = 256;

    private final Binning binning;
    private final WindowMixtureConfig config;
    private final DyadicBlockCounts counts;
    private double[] weights = {1.0};
    private int peakLevel;
    private int fallenFor;
    private long quietUntil;
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
        trackMedian(medianLevel());
    }

    /** The drift events of the class documentation. */
    private void trackMedian(int median) {
        long seen = counts.elementsSeen();
        if (seen < quietUntil) {
            driftDetected = false;
            peakLevel = median;
            return;
        }
        fallenFor = median <= peakLevel - DRIFT_DROP ? fallenFor + 1 : 0;
        driftDetected = fallenFor == DRIFT_CONFIRMATION;
        if (driftDetected) {
            fallenFor = 0;
            quietUntil = seen + DRIFT_QUIET;
        }
        peakLevel = driftDetected ? median : Math.max(peakLevel, median);
    }

    /** {@code log(sum_i w_i q_i(b) / binVolume(b))}: the exact log-density of the mixture prediction. */
    @Override
    public double logDensity(double[] point) {
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
     * The window of the drift detector's peak level: the longest posterior-median level since the
     * last drift event (during a quiet period, the median level), so it shrinks at every drift event.
     */
    @Override
    public int window() {
        return counts.windowSize(peakLevel);
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

    private int medianLevel() {
        double cumulative = 0;
        for (int i = 0; i < weights.length - 1; i++) {
            cumulative += weights[i];
            if (cumulative >= 0.5) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static DyadicBlockCounts emptyCounts(Binning binning, WindowMixtureConfig config) {
        if (binning == null || config == null) {
            throw new IllegalArgumentException("binning and config must not be null");
        }
        return new DyadicBlockCounts(binning.numBins(), config.minWindowExponent(), config.maxWindowExponent());
    }

    /**
     * Format 1: binning ({@link BinningCodec}), config ({@link WindowMixtureConfig.Codec}) and window
     * counts ({@link DyadicBlockCounts.Codec}), each preceded by its own format version, then the
     * weights (length and values), the drift detector's peak level, elements fallen and the end of its
     * quiet period,
     * and the drift flag.
     */
    public static final class Codec implements StateCodec<WindowMixtureHistogramEstimator> {

        private final BinningCodec binningCodec = new BinningCodec();
        private final WindowMixtureConfig.Codec configCodec = new WindowMixtureConfig.Codec();
        private final DyadicBlockCounts.Codec countsCodec = new DyadicBlockCounts.Codec();

        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(WindowMixtureHistogramEstimator value, DataOutput out) throws IOException {
            NestedCodecs.write(binningCodec, value.binning, out);
            NestedCodecs.write(configCodec, value.config, out);
            NestedCodecs.write(countsCodec, value.counts, out);
            NestedCodecs.writeDoubles(value.weights, out);
            out.writeInt(value.peakLevel);
            out.writeInt(value.fallenFor);
            out.writeLong(value.quietUntil);
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
            value.peakLevel = in.readInt();
            value.fallenFor = in.readInt();
            value.quietUntil = in.readLong();
            if (value.weights.length != counts.levels() || Math.abs(total - 1) > 1e-9
                    || value.peakLevel < 0 || value.peakLevel >= counts.levels() || value.quietUntil < 0
                    || value.fallenFor < 0 || value.fallenFor >= DRIFT_CONFIRMATION) {
                throw new IOException("Corrupt window mixture state: weights or drift detector");
            }
            value.driftDetected = in.readBoolean();
            return value;
        }
    }
}
