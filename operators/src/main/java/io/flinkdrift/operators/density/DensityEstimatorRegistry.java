package io.flinkdrift.operators.density;

import io.flinkdrift.core.density.AdaptiveHistogramEstimator;
import io.flinkdrift.core.density.AdaptiveKernelDensityEstimator;
import io.flinkdrift.core.density.AdaptiveWindowConfig;
import io.flinkdrift.core.density.ExponentialForgettingHistogramEstimator;
import io.flinkdrift.core.density.FixedWindowHistogramEstimator;
import io.flinkdrift.core.density.GridBinning;
import io.flinkdrift.core.density.WindowMixtureConfig;
import io.flinkdrift.core.density.WindowMixtureHistogramEstimator;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every density estimator of flink-drift, each declared once ({@link DensityEstimatorDeclaration}):
 * adding an estimator is its core class, its codec and one entry here. See {@code docs/density.md}.
 */
public final class DensityEstimatorRegistry {

    /** The default estimator. */
    public static final String DEFAULT_ESTIMATOR = "experts";

    private static final DensityEstimatorDeclaration<WindowMixtureHistogramEstimator> EXPERTS =
            DensityEstimatorDeclaration.of(DEFAULT_ESTIMATOR,
                    "fixed-share mixture of the histograms of every dyadic window up to the whole stream "
                            + "(Herbster & Warmuth 1998)",
                    WindowMixtureHistogramEstimator.Codec.class,
                    p -> {
                        DensityGrid grid = DensityGrid.of(p);
                        WindowMixtureConfig config = HasExperts.config(p);
                        return d -> new WindowMixtureHistogramEstimator(grid.binning(d), config);
                    },
                    HasExperts.class);

    private static final DensityEstimatorDeclaration<AdaptiveHistogramEstimator> ADAPTIVE =
            DensityEstimatorDeclaration.of("adaptive",
                    "histogram over the window chosen from the data (Mazzetto & Upfal ICML 2023 / NeurIPS 2023)",
                    AdaptiveHistogramEstimator.Codec.class,
                    p -> {
                        DensityGrid grid = DensityGrid.of(p);
                        AdaptiveWindowConfig config = HasWindowSelection.config(p);
                        return d -> new AdaptiveHistogramEstimator(grid.binning(d), config);
                    },
                    HasWindowSelection.class);

    private static final DensityEstimatorDeclaration<FixedWindowHistogramEstimator> FIXED =
            DensityEstimatorDeclaration.of("fixed", "histogram of the last window elements",
                    FixedWindowHistogramEstimator.Codec.class,
                    p -> {
                        DensityGrid grid = DensityGrid.of(p);
                        int window = p.get(HasWindow.WINDOW);
                        return d -> new FixedWindowHistogramEstimator(grid.binning(d), window);
                    },
                    HasWindow.class);

    private static final DensityEstimatorDeclaration<ExponentialForgettingHistogramEstimator> EXPONENTIAL =
            DensityEstimatorDeclaration.of("exponential", "histogram with counts decayed by decay per element",
                    ExponentialForgettingHistogramEstimator.Codec.class,
                    p -> {
                        DensityGrid grid = DensityGrid.of(p);
                        double decay = p.get(HasDecay.DECAY);
                        return d -> new ExponentialForgettingHistogramEstimator(grid.binning(d), decay);
                    },
                    HasDecay.class);

    private static final DensityEstimatorDeclaration<AdaptiveKernelDensityEstimator> KDE =
            DensityEstimatorDeclaration.of("kde", "Gaussian kernel estimate over the adaptive window",
                    AdaptiveKernelDensityEstimator.Codec.class,
                    p -> {
                        DensityGrid grid = DensityGrid.of(p);
                        AdaptiveWindowConfig config = HasWindowSelection.config(p);
                        double[] scale = DensityGrid.unboxed(p.get(HasBandwidth.BANDWIDTH));
                        return d -> {
                            GridBinning binning = grid.binning(d);
                            return new AdaptiveKernelDensityEstimator(binning, config, bandwidthScale(scale, binning));
                        };
                    },
                    HasWindowSelection.class, HasBandwidth.class);

    /** Every estimator. */
    public static final List<DensityEstimatorDeclaration<?>> ESTIMATORS =
            List.of(ADAPTIVE, FIXED, EXPONENTIAL, KDE, EXPERTS);

    private DensityEstimatorRegistry() {}

    /**
     * The estimator called {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the estimators if there is none of that name
     */
    public static DensityEstimatorDeclaration<?> find(String name) {
        return ESTIMATORS.stream()
                .filter(declaration -> declaration.name().equalsIgnoreCase(name.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--estimator must be one of " + ESTIMATORS.stream()
                        .map(DensityEstimatorDeclaration::name).collect(Collectors.joining(", "))
                        + ", got '" + name + "'"));
    }

    /** The bandwidth scale per feature: {@code scale} broadcast, or (hi − lo)/8 when empty. */
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
        return DensityGrid.broadcast("bandwidth", scale, lo.length);
    }
}
