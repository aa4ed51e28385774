package io.flinkdrift.core.density;

import io.flinkdrift.core.state.ArrayFormat;
import io.flinkdrift.core.state.NestedCodecs;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Baseline: bin counts decayed by a factor lambda per element, {@code binCount(b) = sum_s
 * lambda^(t-s) 1[x_s in b]}. O(1) per element: instead of decaying every count, each new element
 * gets weight {@code lambda^-t} (renormalised before it overflows). Memory k doubles. The
 * {@link #window()} is the effective sample size {@code (1 - lambda^n) / (1 - lambda)}.
 */
public final class ExponentialForgettingHistogramEstimator implements HistogramEstimator {

    private static final double RENORMALISE_ABOVE = 1e100;

    private final Binning binning;
    private final double decay;
    private final double[] weights;
    private double totalWeight;
    private double latestWeight = 1.0;
    private long elementsSeen;

    /**
     * @param binning maps elements to k bins
     * @param decay lambda in (0, 1); the effective window tends to {@code 1 / (1 - lambda)}
     * @throws IllegalArgumentException when an argument is null or out of range
     */
    public ExponentialForgettingHistogramEstimator(Binning binning, double decay) {
        if (binning == null) {
            throw new IllegalArgumentException("binning must not be null");
        }
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("decay must be in (0, 1), got " + decay);
        }
        this.binning = binning;
        this.decay = decay;
        this.weights = new double[binning.numBins()];
    }

    @Override
    public Binning binning() {
        return binning;
    }

    /** lambda. */
    public double decay() {
        return decay;
    }

    @Override
    public void addBin(int bin) {
        if (bin < 0 || bin >= weights.length) {
            throw new IllegalArgumentException("bin must be in [0, " + weights.length + "), got " + bin);
        }
        if (elementsSeen > 0) {
            latestWeight /= decay;
        }
        weights[bin] += latestWeight;
        totalWeight += latestWeight;
        elementsSeen++;
        if (latestWeight > RENORMALISE_ABOVE) {
            double scale = 1.0 / latestWeight;
            for (int b = 0; b < weights.length; b++) {
                weights[b] *= scale;
            }
            totalWeight *= scale;
            latestWeight = 1.0;
        }
    }

    @Override
    public double binCount(int bin) {
        return weights[bin] / latestWeight;
    }

    @Override
    public double windowCount() {
        return totalWeight / latestWeight;
    }

    @Override
    public int window() {
        return (int) Math.round(windowCount());
    }

    @Override
    public boolean driftDetected() {
        return false;
    }

    @Override
    public long elementsSeen() {
        return elementsSeen;
    }

    /**
     * Format 2: binning ({@link BinningCodec}, preceded by its format version), lambda, elements
     * seen, latest weight, total, k weights. Format 1 wrote the binning without its version.
     */
    public static final class Codec implements StateCodec<ExponentialForgettingHistogramEstimator> {

        private final BinningCodec binningCodec = new BinningCodec();

        @Override
        public int version() {
            return 2;
        }

        @Override
        public void write(ExponentialForgettingHistogramEstimator value, DataOutput out) throws IOException {
            NestedCodecs.write(binningCodec, value.binning, out);
            out.writeDouble(value.decay);
            out.writeLong(value.elementsSeen);
            out.writeDouble(value.latestWeight);
            out.writeDouble(value.totalWeight);
            ArrayFormat.writeDoubles(value.weights, out);
        }

        @Override
        public ExponentialForgettingHistogramEstimator read(DataInput in, int version) throws IOException {
            Binning binning = NestedCodecs.read(binningCodec, in, version, 2);
            ExponentialForgettingHistogramEstimator estimator =
                    new ExponentialForgettingHistogramEstimator(binning, in.readDouble());
            estimator.elementsSeen = in.readLong();
            estimator.latestWeight = in.readDouble();
            estimator.totalWeight = in.readDouble();
            ArrayFormat.readDoubles(in, estimator.weights);
            return estimator;
        }
    }
}
