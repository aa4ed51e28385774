package io.flinkdrift.core.density;

import io.flinkdrift.core.state.NestedCodecs;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Baseline: the empirical distribution of the last {@code r} elements, for a fixed r (the known-drift
 * estimator of Mazzetto and Upfal, ICML 2023, when r is tuned to the drift). O(1) per element, memory
 * {@code r + k} ints.
 */
public final class FixedWindowHistogramEstimator implements HistogramEstimator {

    /** The largest supported window. */
    public static final int MAX_WINDOW = 1 << DyadicWindowCounts.MAX_EXPONENT;

    private final Binning binning;
    private final BinRing ring;
    private final int[] counts;

    /**
     * @param binning maps elements to k bins
     * @param window r in [1, 2^26]
     * @throws IllegalArgumentException when an argument is null or out of range
     */
    public FixedWindowHistogramEstimator(Binning binning, int window) {
        if (binning == null) {
            throw new IllegalArgumentException("binning must not be null");
        }
        if (window < 1 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("window must be in [1, 2^26], got " + window);
        }
        this.binning = binning;
        this.ring = new BinRing(window);
        this.counts = new int[binning.numBins()];
    }

    @Override
    public Binning binning() {
        return binning;
    }

    /** The configured window r. */
    public int maxWindow() {
        return ring.capacity();
    }

    @Override
    public void addBin(int bin) {
        if (bin < 0 || bin >= counts.length) {
            throw new IllegalArgumentException("bin must be in [0, " + counts.length + "), got " + bin);
        }
        if (ring.size() == ring.capacity()) {
            counts[ring.get(ring.capacity())]--;
        }
        counts[bin]++;
        ring.push(bin);
    }

    @Override
    public double binCount(int bin) {
        return counts[bin];
    }

    @Override
    public double windowCount() {
        return ring.size();
    }

    /** {@code min(r, elementsSeen())}. */
    @Override
    public int window() {
        return ring.size();
    }

    @Override
    public boolean driftDetected() {
        return false;
    }

    @Override
    public long elementsSeen() {
        return ring.pushed();
    }

    /**
     * Format 2: binning ({@link BinningCodec}, preceded by its format version), r, elements seen,
     * number of retained bins and the bins oldest first; counts are rebuilt on read. Format 1 wrote
     * the binning without its version.
     */
    public static final class Codec implements StateCodec<FixedWindowHistogramEstimator> {

        private final BinningCodec binningCodec = new BinningCodec();

        @Override
        public int version() {
            return 2;
        }

        @Override
        public void write(FixedWindowHistogramEstimator value, DataOutput out) throws IOException {
            NestedCodecs.write(binningCodec, value.binning, out);
            out.writeInt(value.ring.capacity());
            out.writeLong(value.ring.pushed());
            int retained = value.ring.size();
            out.writeInt(retained);
            for (int lag = retained; lag >= 1; lag--) {
                out.writeInt(value.ring.get(lag));
            }
        }

        @Override
        public FixedWindowHistogramEstimator read(DataInput in, int version) throws IOException {
            Binning binning = NestedCodecs.read(binningCodec, in, version, 2);
            FixedWindowHistogramEstimator estimator = new FixedWindowHistogramEstimator(binning, in.readInt());
            long elementsSeen = in.readLong();
            int retained = in.readInt();
            if (retained < 0 || retained > estimator.maxWindow() || retained > elementsSeen) {
                throw new IOException("Corrupt fixed-window state");
            }
            for (int i = 0; i < retained; i++) {
                int bin = in.readInt();
                if (bin < 0 || bin >= binning.numBins()) {
                    throw new IOException("Corrupt fixed-window state: bin " + bin);
                }
                estimator.addBin(bin);
            }
            estimator.ring.setPushed(elementsSeen);
            return estimator;
        }
    }
}
