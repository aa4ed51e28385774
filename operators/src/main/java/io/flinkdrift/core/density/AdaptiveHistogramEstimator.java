package io.flinkdrift.core.density;

import io.flinkdrift.core.state.NestedCodecs;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Drift-aware histogram (or categorical) estimate of the current distribution: the empirical
 * distribution of the last {@code r} elements, with the window {@code r = 2^j} chosen from the data
 * by a {@link WindowSelector} over {@link DyadicWindowCounts} (Mazzetto and Upfal, ICML 2023 /
 * NeurIPS 2023; docs/density.md). Needs no knowledge of the drift rate.
 *
 * <p>The binning decides the kind of data: {@link CategoricalBinning} for a finite alphabet,
 * {@link GridBinning} for a 1-D histogram or a product grid (d &lt;= 3). Cost: O(J) per element plus
 * O(J^2 k / N) amortised for the re-selections; memory {@code 2^J + (J+1) k} ints.
 */
public final class AdaptiveHistogramEstimator implements HistogramEstimator {

    private final Binning binning;
    private final DyadicWindowCounts counts;
    private final WindowSelector selector;

    /**
     * @param binning maps elements to k bins
     * @param config window-selection parameters (J, jMin, N, delta, c)
     * @throws IllegalArgumentException when an argument is null
     */
    public AdaptiveHistogramEstimator(Binning binning, AdaptiveWindowConfig config) {
        if (binning == null || config == null) {
            throw new IllegalArgumentException("binning and config must not be null");
        }
        this.binning = binning;
        this.counts = new DyadicWindowCounts(binning.numBins(), config.maxWindowExponent());
        this.selector = new WindowSelector(config, binning.numBins());
    }

    @Override
    public Binning binning() {
        return binning;
    }

    public AdaptiveWindowConfig config() {
        return selector.config();
    }

    @Override
    public void addBin(int bin) {
        counts.add(bin);
        selector.observe(counts);
    }

    @Override
    public double binCount(int bin) {
        return counts.count(selector.chosenExponent(), bin);
    }

    @Override
    public double windowCount() {
        return window();
    }

    /** The number of elements of the chosen window, {@code min(2^chosenExponent(), elementsSeen())}. */
    @Override
    public int window() {
        return counts.windowSize(selector.chosenExponent());
    }

    /** The exponent j of the chosen window {@code 2^j}. */
    public int chosenExponent() {
        return selector.chosenExponent();
    }

    @Override
    public boolean driftDetected() {
        return selector.driftDetected();
    }

    @Override
    public long elementsSeen() {
        return counts.elementsSeen();
    }

    /** The empirical bin probabilities of window {@code 2^exponent} (uniform when empty), for diagnostics. */
    public double[] windowProbabilities(int exponent) {
        int size = counts.windowSize(exponent);
        double[] probabilities = new double[binning.numBins()];
        for (int bin = 0; bin < probabilities.length; bin++) {
            probabilities[bin] =
                    size > 0 ? counts.count(exponent, bin) / (double) size : 1.0 / probabilities.length;
        }
        return probabilities;
    }

    /** The retained bins, oldest first (at most 2^J). */
    int[] retainedBins() {
        int retained = counts.retained();
        int[] bins = new int[retained];
        for (int i = 0; i < retained; i++) {
            bins[i] = counts.retainedBin(retained - i);
        }
        return bins;
    }

    long reselections() {
        return selector.reselections();
    }

    /** Rebuilds an estimator from its retained bins (oldest first) and selection state. */
    static AdaptiveHistogramEstimator restore(
            Binning binning,
            AdaptiveWindowConfig config,
            int[] retainedBins,
            long elementsSeen,
            long reselections,
            int chosenExponent,
            boolean driftDetected) {
        AdaptiveHistogramEstimator estimator = new AdaptiveHistogramEstimator(binning, config);
        for (int bin : retainedBins) {
            estimator.counts.add(bin);
        }
        estimator.counts.restoreElementsSeen(elementsSeen);
        estimator.selector.restore(reselections, chosenExponent, driftDetected);
        return estimator;
    }

    /**
     * Format 2: binning ({@link BinningCodec}) and config ({@link AdaptiveWindowConfig.Codec}), each
     * preceded by its own format version ({@link NestedCodecs}), elements seen, re-selections,
     * chosen exponent, drift flag, number of retained bins and the bins oldest first. The window
     * counts are rebuilt from the retained bins on read. Format 1 wrote binning and config without
     * their versions.
     */
    public static final class Codec implements StateCodec<AdaptiveHistogramEstimator> {

        private final BinningCodec binningCodec = new BinningCodec();
        private final AdaptiveWindowConfig.Codec configCodec = new AdaptiveWindowConfig.Codec();

        @Override
        public int version() {
            return 2;
        }

        @Override
        public void write(AdaptiveHistogramEstimator value, DataOutput out) throws IOException {
            NestedCodecs.write(binningCodec, value.binning, out);
            NestedCodecs.write(configCodec, value.config(), out);
            out.writeLong(value.elementsSeen());
            out.writeLong(value.selector.reselections());
            out.writeInt(value.selector.chosenExponent());
            out.writeBoolean(value.selector.driftDetected());
            int[] bins = value.retainedBins();
            out.writeInt(bins.length);
            for (int bin : bins) {
                out.writeInt(bin);
            }
        }

        @Override
        public AdaptiveHistogramEstimator read(DataInput in, int version) throws IOException {
            Binning binning = NestedCodecs.read(binningCodec, in, version, 2);
            AdaptiveWindowConfig config = NestedCodecs.read(configCodec, in, version, 2);
            long elementsSeen = in.readLong();
            long reselections = in.readLong();
            int chosenExponent = in.readInt();
            boolean driftDetected = in.readBoolean();
            int retained = in.readInt();
            if (retained < 0 || retained > (1 << config.maxWindowExponent()) || retained > elementsSeen
                    || chosenExponent < 0 || chosenExponent > config.maxWindowExponent()) {
                throw new IOException("Corrupt adaptive histogram state");
            }
            int[] bins = new int[retained];
            for (int i = 0; i < retained; i++) {
                bins[i] = in.readInt();
                if (bins[i] < 0 || bins[i] >= binning.numBins()) {
                    throw new IOException("Corrupt adaptive histogram state: bin " + bins[i]);
                }
            }
            return restore(binning, config, bins, elementsSeen, reselections, chosenExponent, driftDetected);
        }
    }
}
