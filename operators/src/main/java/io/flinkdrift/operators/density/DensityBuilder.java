package io.flinkdrift.operators.density;

import io.flinkdrift.operators.CliNames;
import io.flinkdrift.core.density.AdaptiveHistogramEstimator;
import io.flinkdrift.core.density.AdaptiveKernelDensityEstimator;
import io.flinkdrift.core.density.AdaptiveWindowConfig;
import io.flinkdrift.core.density.DensityEstimator;
import io.flinkdrift.core.density.ExponentialForgettingHistogramEstimator;
import io.flinkdrift.core.density.FixedWindowHistogramEstimator;
import io.flinkdrift.core.density.GridBinning;
import io.flinkdrift.core.density.WindowMixtureConfig;
import io.flinkdrift.core.density.WindowMixtureHistogramEstimator;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Builds the keyed density operator ({@link DensityEstimationFunction}) from an estimator, its grid
 * and its hyperparameters, each with the default the {@code density} job uses:
 *
 * <pre>{@code
 * DataStream<DensityScore> scores = examples      // DataStream<Example>
 *         .keyBy(example -> example.key)
 *         .process(DensityBuilder.of(DensityBuilder.Estimator.ADAPTIVE).grid(-12, 12, 16).function())
 *         .uid("density");
 * }</pre>
 *
 * The estimators are declared once, in {@link Estimator}; see {@code docs/density.md}. {@link
 * #factory()} validates every setting that does not depend on the data's dimension.
 */
public final class DensityBuilder {

    /** The estimators, by their command-line name. */
    public enum Estimator {
        /** Histogram over the window chosen from the data (Mazzetto and Upfal, ICML 2023 / NeurIPS 2023). */
        ADAPTIVE("adaptive"),
        /** Histogram of the last {@link #window(int) window} elements. */
        FIXED("fixed"),
        /** Histogram with counts decayed by {@link #decay(double) decay} per element. */
        EXPONENTIAL("exponential"),
        /** Gaussian kernel estimate over the adaptive window. */
        KDE("kde"),
        /** Fixed-share mixture of the histograms of every dyadic window up to the whole stream. */
        EXPERTS("experts");

        private final String cliName;

        Estimator(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        /** The estimator called {@code name} on the command line (case-insensitive). */
        public static Estimator named(String name) {
            return CliNames.named(Estimator.class, name, "--estimator", Estimator::cliName);
        }
    }

    private final Estimator estimator;
    private double[] gridLo = {0};
    private double[] gridHi = {1};
    private int bins = 16;
    private int maxWindowExponent = 12;
    private int minWindowExponent = 4;
    private int reselectEvery = 32;
    private double delta = 0.1;
    private double thresholdMultiplier = 1;
    private int window = 4096;
    private double decay = 0.999;
    private double[] bandwidth = {};
    private int minExpertExponent = WindowMixtureConfig.DEFAULT_MIN_WINDOW_EXPONENT;
    private int maxExpertExponent = WindowMixtureConfig.DEFAULT_MAX_WINDOW_EXPONENT;
    private double switchRate = WindowMixtureConfig.DEFAULT_SWITCH_RATE;
    private boolean growGrid = WindowMixtureConfig.DEFAULT_GROW_GRID;
    private long cadence = 1000;

    private DensityBuilder(Estimator estimator) {
        if (estimator == null) {
            throw new IllegalArgumentException("estimator must not be null");
        }
        this.estimator = estimator;
    }

    /** A builder for {@code estimator} with every other setting at its default. */
    public static DensityBuilder of(Estimator estimator) {
        return new DensityBuilder(estimator);
    }

    /**
     * The histogram grid (kde: the shadow grid that chooses the window): lower and upper corners, one
     * value per feature or one for all, and bins per feature; default [0, 1] with 16 bins.
     */
    public DensityBuilder grid(double[] lo, double[] hi, int binsPerFeature) {
        this.gridLo = lo.clone();
        this.gridHi = hi.clone();
        this.bins = binsPerFeature;
        return this;
    }

    /** {@link #grid(double[], double[], int)} with the same corners for every feature. */
    public DensityBuilder grid(double lo, double hi, int binsPerFeature) {
        return grid(new double[] {lo}, new double[] {hi}, binsPerFeature);
    }

    /**
     * The window selection of adaptive and kde ({@link AdaptiveWindowConfig}): largest and smallest
     * window exponents, re-selection interval, false-shrink budget δ and threshold multiplier c;
     * default 12, 4, 32, 0.1 and 1.
     */
    public DensityBuilder windowSelection(int maxExponent, int minExponent, int reselectInterval, double delta,
            double thresholdMultiplier) {
        this.maxWindowExponent = maxExponent;
        this.minWindowExponent = minExponent;
        this.reselectEvery = reselectInterval;
        this.delta = delta;
        this.thresholdMultiplier = thresholdMultiplier;
        return this;
    }

    /**
     * The experts of experts ({@link WindowMixtureConfig}): the shortest and the highest window
     * exponent and the fixed-share switch rate α; default 3, 30 and 2^-10.
     */
    public DensityBuilder experts(int minExponent, int maxExponent, double switchRate) {
        this.minExpertExponent = minExponent;
        this.maxExpertExponent = maxExponent;
        this.switchRate = switchRate;
        return this;
    }

    /**
     * Whether experts doubles its grid's range (merging bins pairwise) to cover points outside it,
     * instead of scoring them in edge cells; default true. Needs an even number of bins per feature.
     */
    public DensityBuilder growGrid(boolean grow) {
        this.growGrid = grow;
        return this;
    }

    /** The window of fixed, in [1, 2^26]; default 4096. */
    public DensityBuilder window(int window) {
        this.window = window;
        return this;
    }

    /** The decay per element of exponential, in (0, 1); default 0.999. */
    public DensityBuilder decay(double decay) {
        this.decay = decay;
        return this;
    }

    /** The bandwidth scale of kde per feature (or one for all); default (hi − lo)/8 per feature. */
    public DensityBuilder bandwidth(double... scale) {
        this.bandwidth = scale.clone();
        return this;
    }

    /** Emit each key's estimate after every N-th element it accepted; default 1000. */
    public DensityBuilder cadence(long cadence) {
        this.cadence = cadence;
        return this;
    }

    public Estimator estimator() {
        return estimator;
    }

    /**
     * The grid for points of {@code dimension} features, the corners broadcast when given once.
     *
     * @throws IllegalArgumentException when the corners do not fit {@code dimension} or the grid is invalid
     */
    public GridBinning grid(int dimension) {
        return grid(gridLo, gridHi, bins, dimension);
    }

    /**
     * The factory of the estimator; every setting that does not depend on the data's dimension is
     * validated here, before a job is submitted.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public DensityEstimatorFactory<?> factory() {
        grid(Math.max(gridLo.length, gridHi.length));
        double[] lo = gridLo.clone();
        double[] hi = gridHi.clone();
        int b = bins;
        switch (estimator) {
            case ADAPTIVE: {
                WindowSelection selection = windowSelection();
                return DensityEstimatorFactory.of(
                        d -> new AdaptiveHistogramEstimator(grid(lo, hi, b, d), selection.config()),
                        AdaptiveHistogramEstimator.Codec.class);
            }
            case FIXED: {
                int r = window;
                if (r < 1 || r > FixedWindowHistogramEstimator.MAX_WINDOW) {
                    throw new IllegalArgumentException("--window must be in [1, 2^26], got " + r);
                }
                return DensityEstimatorFactory.of(d -> new FixedWindowHistogramEstimator(grid(lo, hi, b, d), r),
                        FixedWindowHistogramEstimator.Codec.class);
            }
            case EXPONENTIAL: {
                double lambda = decay;
                if (!(lambda > 0 && lambda < 1)) {
                    throw new IllegalArgumentException("--decay must be in (0, 1), got " + lambda);
                }
                return DensityEstimatorFactory.of(
                        d -> new ExponentialForgettingHistogramEstimator(grid(lo, hi, b, d), lambda),
                        ExponentialForgettingHistogramEstimator.Codec.class);
            }
            case EXPERTS: {
                int minExponent = minExpertExponent;
                int maxExponent = maxExpertExponent;
                double rate = switchRate;
                boolean grow = growGrid;
                new WindowMixtureConfig(minExponent, maxExponent, rate, grow);
                return DensityEstimatorFactory.of(d -> new WindowMixtureHistogramEstimator(grid(lo, hi, b, d),
                                new WindowMixtureConfig(minExponent, maxExponent, rate, grow)),
                        WindowMixtureHistogramEstimator.Codec.class);
            }
            default: {
                WindowSelection selection = windowSelection();
                double[] scale = bandwidth.clone();
                for (double s : scale) {
                    if (!(s > 0) || Double.isInfinite(s)) {
                        throw new IllegalArgumentException("--bandwidth values must be finite and > 0, got " + s);
                    }
                }
                return DensityEstimatorFactory.of(d -> {
                    GridBinning grid = grid(lo, hi, b, d);
                    return new AdaptiveKernelDensityEstimator(grid, selection.config(), bandwidthScale(scale, grid));
                }, AdaptiveKernelDensityEstimator.Codec.class);
            }
        }
    }

    /**
     * The keyed operator.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public DensityEstimationFunction<?> function() {
        return function(factory());
    }

    private <E extends DensityEstimator> DensityEstimationFunction<E> function(DensityEstimatorFactory<E> factory) {
        return new DensityEstimationFunction<>(factory, cadence);
    }

    /** The validated window-selection settings, in a serializable form the factories capture. */
    private WindowSelection windowSelection() {
        WindowSelection selection = new WindowSelection(
                maxWindowExponent, minWindowExponent, reselectEvery, delta, thresholdMultiplier);
        selection.config();
        return selection;
    }

    private record WindowSelection(int maxExponent, int minExponent, int reselectInterval, double delta,
            double thresholdMultiplier) implements Serializable {

        AdaptiveWindowConfig config() {
            return new AdaptiveWindowConfig(maxExponent, minExponent, reselectInterval, delta, thresholdMultiplier);
        }
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
}
