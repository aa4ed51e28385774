package io.flinkdrift.core.density;

import io.flinkdrift.core.state.ArrayFormat;
import io.flinkdrift.core.state.NestedCodecs;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Drift-aware Gaussian kernel density estimate in a handful of dimensions (d &lt;= 3): the KDE of the
 * last {@code r} retained points, where r is the window that an {@link AdaptiveHistogramEstimator}
 * on a binned shadow of the same stream (a {@link GridBinning}) chooses (Mazzetto and Upfal, ICML
 * 2023 / NeurIPS 2023: the window rule needs a finite-dimensional TV statistic, which the shadow
 * grid provides; the kernel estimate then smooths the chosen window's points).
 *
 * <pre>
 *   f(x) = (1/r) sum_{i=1..r} prod_a phi((x_a - X_{i,a}) / h_a) / h_a,   h_a = s_a * r^(-1/(d+4))
 * </pre>
 *
 * with phi the standard normal density and {@code s_a} the bandwidth scale of axis a (for
 * Scott's rule, about the standard deviation of axis a). Points with a NaN or infinite coordinate
 * are ignored. Queries cost O(r d); memory is {@code 2^J d} doubles plus the shadow's state.
 * {@link #logDensity} is the exact log of f, computed by log-sum-exp (finite for every finite x, no
 * smoothing); {@link #density} and {@link #logDensity} are NaN before the first point.
 */
public final class AdaptiveKernelDensityEstimator implements DensityEstimator {

    private static final double LOG_SQRT_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private final AdaptiveHistogramEstimator shadow;
    private final GridBinning grid;
    private final double[] bandwidthScale;
    private final PointRing points;

    /**
     * @param grid the shadow grid used to choose the window (its clamping does not affect the KDE)
     * @param config window-selection parameters of the shadow
     * @param bandwidthScale s_a > 0 and finite, one per axis of the grid
     * @throws IllegalArgumentException when an argument is null or out of range
     */
    public AdaptiveKernelDensityEstimator(
            GridBinning grid, AdaptiveWindowConfig config, double[] bandwidthScale) {
        this(grid, new AdaptiveHistogramEstimator(checkArguments(grid, config, bandwidthScale), config),
                bandwidthScale.clone(), new PointRing(1 << config.maxWindowExponent(), grid.dimension()));
    }

    private AdaptiveKernelDensityEstimator(
            GridBinning grid, AdaptiveHistogramEstimator shadow, double[] bandwidthScale, PointRing points) {
        this.grid = grid;
        this.shadow = shadow;
        this.bandwidthScale = bandwidthScale;
        this.points = points;
    }

    private static GridBinning checkArguments(
            GridBinning grid, AdaptiveWindowConfig config, double[] bandwidthScale) {
        if (grid == null || config == null || bandwidthScale == null) {
            throw new IllegalArgumentException("grid, config and bandwidthScale must not be null");
        }
        if (bandwidthScale.length != grid.dimension()) {
            throw new IllegalArgumentException("bandwidthScale must have length d = " + grid.dimension()
                    + ", got " + bandwidthScale.length);
        }
        for (int a = 0; a < bandwidthScale.length; a++) {
            if (!(bandwidthScale[a] > 0) || Double.isInfinite(bandwidthScale[a])) {
                throw new IllegalArgumentException(
                        "bandwidthScale[" + a + "] must be finite and > 0, got " + bandwidthScale[a]);
            }
        }
        return grid;
    }

    @Override
    public int dimension() {
        return grid.dimension();
    }

    @Override
    public boolean add(double[] point) {
        if (!covers(point)) {
            return false;
        }
        shadow.addBin(grid.binOf(point));
        points.push(point);
        return true;
    }

    /**
     * Every finite point: the kernel estimate has no bounds (its shadow grid clamps points only to
     * choose the window).
     */
    @Override
    public boolean covers(double[] point) {
        if (point == null || point.length != grid.dimension()) {
            return false;
        }
        for (double x : point) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    /** The shadow grid that chooses the window. */
    public GridBinning grid() {
        return grid;
    }

    /** The per-axis bandwidths {@code h_a = s_a * r^(-1/(d+4))} for the current window r (>= 1). */
    public double[] bandwidth() {
        double shrink = Math.pow(Math.max(1, window()), -1.0 / (grid.dimension() + 4));
        double[] bandwidth = new double[bandwidthScale.length];
        for (int a = 0; a < bandwidth.length; a++) {
            bandwidth[a] = bandwidthScale[a] * shrink;
        }
        return bandwidth;
    }

    @Override
    public double density(double[] point) {
        return Math.exp(logDensity(point));
    }

    @Override
    public double logDensity(double[] point) {
        int r = window();
        if (r == 0 || point == null || point.length != grid.dimension()) {
            return Double.NaN;
        }
        for (double x : point) {
            if (Double.isNaN(x)) {
                return Double.NaN;
            }
        }
        double[] h = bandwidth();
        double logNormaliser = -Math.log(r);
        for (double width : h) {
            logNormaliser -= Math.log(width) + LOG_SQRT_TWO_PI;
        }
        // One-pass log-sum-exp: sum holds sum_i exp(exponent_i - largest).
        double largest = Double.NEGATIVE_INFINITY;
        double sum = 0.0;
        for (int lag = 1; lag <= r; lag++) {
            double exponent = 0.0;
            for (int a = 0; a < h.length; a++) {
                double z = (point[a] - points.get(lag, a)) / h[a];
                exponent -= 0.5 * z * z;
            }
            if (exponent <= largest) {
                sum += Math.exp(exponent - largest);
            } else {
                sum = sum * Math.exp(largest - exponent) + 1.0;
                largest = exponent;
            }
        }
        return logNormaliser + largest + Math.log(sum);
    }

    /** The chosen window r of the shadow histogram. */
    @Override
    public int window() {
        return shadow.window();
    }

    /** The exponent j of the chosen window {@code 2^j}. */
    public int chosenExponent() {
        return shadow.chosenExponent();
    }

    @Override
    public boolean driftDetected() {
        return shadow.driftDetected();
    }

    @Override
    public long elementsSeen() {
        return shadow.elementsSeen();
    }

    /** The shadow's bin probabilities over the chosen window (a histogram view of the same estimate). */
    public double[] shadowProbabilities() {
        return shadow.probabilities();
    }

    /**
     * Format 2: grid ({@link BinningCodec}) and config ({@link AdaptiveWindowConfig.Codec}), each
     * preceded by its own format version ({@link NestedCodecs}), d bandwidth scales, elements seen,
     * re-selections, chosen exponent, drift flag, number of retained points and the points oldest
     * first. The shadow's counts are rebuilt from the points on read. Format 1 wrote grid and config
     * without their versions.
     */
    public static final class Codec implements StateCodec<AdaptiveKernelDensityEstimator> {

        private final BinningCodec binningCodec = new BinningCodec();
        private final AdaptiveWindowConfig.Codec configCodec = new AdaptiveWindowConfig.Codec();

        @Override
        public int version() {
            return 2;
        }

        @Override
        public void write(AdaptiveKernelDensityEstimator value, DataOutput out) throws IOException {
            NestedCodecs.write(binningCodec, value.grid, out);
            NestedCodecs.write(configCodec, value.shadow.config(), out);
            ArrayFormat.writeDoubles(value.bandwidthScale, out);
            out.writeLong(value.elementsSeen());
            out.writeLong(value.shadow.reselections());
            out.writeInt(value.shadow.chosenExponent());
            out.writeBoolean(value.shadow.driftDetected());
            int retained = value.points.size();
            out.writeInt(retained);
            for (int lag = retained; lag >= 1; lag--) {
                for (int a = 0; a < value.bandwidthScale.length; a++) {
                    out.writeDouble(value.points.get(lag, a));
                }
            }
        }

        @Override
        public AdaptiveKernelDensityEstimator read(DataInput in, int version) throws IOException {
            Binning binning = NestedCodecs.read(binningCodec, in, version, 2);
            if (!(binning instanceof GridBinning)) {
                throw new IOException("Corrupt kernel density state: shadow binning is not a grid");
            }
            GridBinning grid = (GridBinning) binning;
            AdaptiveWindowConfig config = NestedCodecs.read(configCodec, in, version, 2);
            double[] scale = ArrayFormat.readDoubles(in, grid.dimension());
            checkArguments(grid, config, scale);
            PointRing points = new PointRing(1 << config.maxWindowExponent(), grid.dimension());
            long elementsSeen = in.readLong();
            long reselections = in.readLong();
            int chosenExponent = in.readInt();
            boolean driftDetected = in.readBoolean();
            int retained = in.readInt();
            if (retained < 0 || retained > (1 << config.maxWindowExponent()) || retained > elementsSeen
                    || chosenExponent < 0 || chosenExponent > config.maxWindowExponent()) {
                throw new IOException("Corrupt kernel density state");
            }
            int[] bins = new int[retained];
            double[] point = new double[grid.dimension()];
            for (int i = 0; i < retained; i++) {
                ArrayFormat.readDoubles(in, point);
                bins[i] = grid.binOf(point);
                if (bins[i] < 0) {
                    throw new IOException("Corrupt kernel density state: NaN coordinate");
                }
                points.push(point);
            }
            AdaptiveHistogramEstimator shadow = AdaptiveHistogramEstimator.restore(
                    grid, config, bins, elementsSeen, reselections, chosenExponent, driftDetected);
            return new AdaptiveKernelDensityEstimator(grid, shadow, scale, points);
        }
    }
}
