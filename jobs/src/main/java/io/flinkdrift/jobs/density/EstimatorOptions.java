package io.flinkdrift.jobs.density;

import io.flinkdrift.core.density.AdaptiveHistogramEstimator;
import io.flinkdrift.core.density.AdaptiveKernelDensityEstimator;
import io.flinkdrift.core.density.AdaptiveWindowConfig;
import io.flinkdrift.core.density.ExponentialForgettingHistogramEstimator;
import io.flinkdrift.core.density.FixedWindowHistogramEstimator;
import io.flinkdrift.core.density.GridBinning;
import io.flinkdrift.operators.density.DensityEstimatorFactory;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The {@code --estimator} choice, its grid and its hyperparameters. */
public final class EstimatorOptions {

    /** Estimator names accepted by {@code --estimator}. */
    public static final String NAMES = "adaptive, fixed, exponential, kde";

    @Option(names = "--estimator", paramLabel = "NAME", defaultValue = "adaptive",
            description = "The density estimator, one per key: adaptive (histogram over the window chosen "
                    + "from the data, Mazzetto & Upfal ICML 2023 / NeurIPS 2023), fixed (histogram of the "
                    + "last --window elements), exponential (histogram with counts decayed by --decay per "
                    + "element), kde (Gaussian kernel estimate over the adaptive window). "
                    + "Default: ${DEFAULT-VALUE}.")
    public String estimator;

    @Option(names = "--grid-lo", paramLabel = "X,...", split = ",", defaultValue = "0",
            description = "Lower corner of the histogram grid, one value per feature or one for all; "
                    + "values outside the grid count in its edge cells. Default: ${DEFAULT-VALUE}.")
    public List<Double> gridLo = new ArrayList<>();

    @Option(names = "--grid-hi", paramLabel = "X,...", split = ",", defaultValue = "1",
            description = "Upper corner of the grid, like --grid-lo. Default: ${DEFAULT-VALUE}.")
    public List<Double> gridHi = new ArrayList<>();

    @Option(names = "--bins", paramLabel = "B", defaultValue = "16",
            description = "Bins per feature (B^d cells, d <= 3 features, B^d <= 2^20); the adaptive "
                    + "thresholds grow like sqrt(B^d). Default: ${DEFAULT-VALUE}.")
    public int bins;

    @Option(names = "--max-window-exponent", paramLabel = "J", defaultValue = "12",
            description = "adaptive, kde: the largest window is 2^J elements per key (the memory bound), "
                    + "J in [1, 26]. Default: ${DEFAULT-VALUE}.")
    public int maxWindowExponent;

    @Option(names = "--min-window-exponent", paramLabel = "J0", defaultValue = "4",
            description = "adaptive, kde: the smallest window the selection may choose is 2^J0, "
                    + "J0 in [0, J]. Default: ${DEFAULT-VALUE}.")
    public int minWindowExponent;

    @Option(names = "--reselect-every", paramLabel = "N", defaultValue = "32",
            description = "adaptive, kde: re-select the window after every N-th element of a key. "
                    + "Default: ${DEFAULT-VALUE}.")
    public int reselectEvery;

    @Option(names = "--delta", paramLabel = "P", defaultValue = "0.1",
            description = "adaptive, kde: probability budget in (0, 1) of a false shrink over a whole "
                    + "stationary stream. Default: ${DEFAULT-VALUE}.")
    public double delta;

    @Option(names = "--threshold-multiplier", paramLabel = "C", defaultValue = "1.0",
            description = "adaptive, kde: scales the shrink thresholds, C > 0; C < 1 reacts sooner but "
                    + "voids the delta guarantee. Default: ${DEFAULT-VALUE}.")
    public double thresholdMultiplier;

    @Option(names = "--window", paramLabel = "R", defaultValue = "4096",
            description = "fixed: the window in elements, in [1, 2^26]. Default: ${DEFAULT-VALUE}.")
    public int window;

    @Option(names = "--decay", paramLabel = "LAMBDA", defaultValue = "0.999",
            description = "exponential: the decay per element in (0, 1); the effective window is about "
                    + "1/(1-LAMBDA). Default: ${DEFAULT-VALUE}.")
    public double decay;

    @Option(names = "--bandwidth", paramLabel = "S,...", split = ",",
            description = "kde: bandwidth scale per feature (or one for all), > 0; the bandwidth is "
                    + "S * r^(-1/(d+4)) for window r. Default: (hi - lo) / 8 per feature.")
    public List<Double> bandwidth = new ArrayList<>();

    @Option(names = "--cadence", paramLabel = "N", defaultValue = "1000",
            description = "Emit each key's estimate after every N-th element it accepted. "
                    + "Default: ${DEFAULT-VALUE}.")
    public long cadence;

    /**
     * The grid for points of {@code dimension} features: the corners broadcast when given once.
     *
     * @throws IllegalArgumentException when the corners do not fit {@code dimension} or the grid is invalid
     */
    public GridBinning grid(int dimension) {
        return new GridBinning(corner("--grid-lo", gridLo, dimension), corner("--grid-hi", gridHi, dimension), bins);
    }

    /**
     * The factory of the chosen estimator; every parameter that does not depend on the data's
     * dimension is validated here, before the job is submitted.
     *
     * @throws IllegalArgumentException for an unknown estimator or an invalid parameter
     */
    public DensityEstimatorFactory<?> factory() {
        grid(Math.max(gridLo.size(), gridHi.size()));
        String name = estimator.toLowerCase(Locale.ROOT);
        double[] lo = toArray(gridLo);
        double[] hi = toArray(gridHi);
        int b = bins;
        switch (name) {
            case "adaptive": {
                int[] selection = selection();
                double[] thresholds = {delta, thresholdMultiplier};
                return DensityEstimatorFactory.of(
                        d -> new AdaptiveHistogramEstimator(grid(lo, hi, b, d), config(selection, thresholds)),
                        AdaptiveHistogramEstimator.Codec.class);
            }
            case "fixed": {
                int r = window;
                if (r < 1 || r > FixedWindowHistogramEstimator.MAX_WINDOW) {
                    throw new IllegalArgumentException("--window must be in [1, 2^26], got " + r);
                }
                return DensityEstimatorFactory.of(d -> new FixedWindowHistogramEstimator(grid(lo, hi, b, d), r),
                        FixedWindowHistogramEstimator.Codec.class);
            }
            case "exponential": {
                double lambda = decay;
                if (!(lambda > 0 && lambda < 1)) {
                    throw new IllegalArgumentException("--decay must be in (0, 1), got " + lambda);
                }
                return DensityEstimatorFactory.of(
                        d -> new ExponentialForgettingHistogramEstimator(grid(lo, hi, b, d), lambda),
                        ExponentialForgettingHistogramEstimator.Codec.class);
            }
            case "kde": {
                int[] selection = selection();
                double[] thresholds = {delta, thresholdMultiplier};
                double[] scale = toArray(bandwidth);
                for (double s : scale) {
                    if (!(s > 0) || Double.isInfinite(s)) {
                        throw new IllegalArgumentException("--bandwidth values must be finite and > 0, got " + s);
                    }
                }
                return DensityEstimatorFactory.of(d -> {
                    GridBinning grid = grid(lo, hi, b, d);
                    return new AdaptiveKernelDensityEstimator(grid, config(selection, thresholds),
                            bandwidthScale(scale, grid));
                }, AdaptiveKernelDensityEstimator.Codec.class);
            }
            default:
                throw new IllegalArgumentException("--estimator must be one of " + NAMES + ", got '" + estimator + "'");
        }
    }

    /** Validates the window-selection options and packs them for a serializable factory. */
    private int[] selection() {
        config(new int[] {maxWindowExponent, minWindowExponent, reselectEvery},
                new double[] {delta, thresholdMultiplier});
        return new int[] {maxWindowExponent, minWindowExponent, reselectEvery};
    }

    private static AdaptiveWindowConfig config(int[] selection, double[] thresholds) {
        return new AdaptiveWindowConfig(selection[0], selection[1], selection[2], thresholds[0], thresholds[1]);
    }

    private static GridBinning grid(double[] lo, double[] hi, int bins, int dimension) {
        return new GridBinning(broadcast("--grid-lo", lo, dimension), broadcast("--grid-hi", hi, dimension), bins);
    }

    private static double[] bandwidthScale(double[] scale, GridBinning grid) {
        double[] lo = grid.lo();
        double[] hi = grid.hi();
        if (scale.length == 0) {
            double[] byRange = new double[lo.length];
            for (int a = 0; a < lo.length; a++) {
                byRange[a] = (hi[a] - lo[a]) / 8;
            }
            return byRange;
        }
        return broadcast("--bandwidth", scale, lo.length);
    }

    private static double[] corner(String option, List<Double> values, int dimension) {
        return broadcast(option, toArray(values), dimension);
    }

    private static double[] broadcast(String option, double[] values, int dimension) {
        if (values.length == dimension) {
            return values.clone();
        }
        if (values.length != 1 || dimension < 1) {
            throw new IllegalArgumentException(option + " needs one value or one per feature (" + dimension
                    + " features), got " + values.length);
        }
        double[] all = new double[dimension];
        Arrays.fill(all, values[0]);
        return all;
    }

    private static double[] toArray(List<Double> values) {
        double[] array = new double[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }
}
