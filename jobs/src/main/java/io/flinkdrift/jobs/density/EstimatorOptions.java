package io.flinkdrift.jobs.density;

import io.flinkdrift.core.density.GridBinning;
import io.flinkdrift.operators.density.DensityBuilder;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The {@code --estimator} choice, its grid and its hyperparameters. */
public final class EstimatorOptions {

    @Option(names = "--estimator", paramLabel = "NAME", defaultValue = "experts",
            description = "The density estimator, one per key: experts (fixed-share mixture of the histograms "
                    + "of every dyadic window up to the whole stream, Herbster & Warmuth 1998), adaptive "
                    + "(histogram over the window chosen from the data, Mazzetto & Upfal ICML 2023 / NeurIPS "
                    + "2023), fixed (histogram of the last --window elements), exponential (histogram with "
                    + "counts decayed by --decay per element), kde (Gaussian kernel estimate over the adaptive "
                    + "window). "
                    + "Default: ${DEFAULT-VALUE}.")
    public String estimator;

    @Option(names = "--grid-lo", paramLabel = "X,...", split = ",", defaultValue = "0",
            description = "Lower corner of the histogram grid, one value per feature or one for all; "
                    + "experts grows the grid to cover values outside it (--grow-grid); the other histograms "
                    + "score them in its edge cells and count them (outOfRange). "
                    + "Default: ${DEFAULT-VALUE}.")
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

    @Option(names = "--expert-min-exponent", paramLabel = "J0", defaultValue = "3",
            description = "experts: the shortest expert window holds 2^J0 to 2^(J0+1)-1 elements, J0 in "
                    + "[0, 30]. Default: ${DEFAULT-VALUE}.")
    public int expertMinExponent;

    @Option(names = "--expert-max-exponent", paramLabel = "J", defaultValue = "30",
            description = "experts: the highest window level (the state bound: at most 2(J-J0+1) count "
                    + "vectors per key); levels are added as the stream grows, so the longest window is "
                    + "the whole stream up to 2^(J+1)-1 elements. Default: ${DEFAULT-VALUE}.")
    public int expertMaxExponent;

    @Option(names = "--switch-rate", paramLabel = "A", defaultValue = "0.0009765625",
            description = "experts: the fixed-share rate in (0, 1); a change of the best window costs "
                    + "about ln(levels/A) nats, each element about A. Default: ${DEFAULT-VALUE} (2^-10).")
    public double switchRate;

    @Option(names = "--grow-grid", paramLabel = "true|false", arity = "1", defaultValue = "true",
            description = "experts: double the grid's range along a feature (merging bins pairwise, exactly; "
                    + "the number of cells stays B^d) until it covers each value, instead of scoring values "
                    + "outside it in its edge cells; needs an even --bins. Default: ${DEFAULT-VALUE}.")
    public boolean growGrid;

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

    /** The builder these options describe. */
    public DensityBuilder builder() {
        return DensityBuilder.of(DensityBuilder.Estimator.named(estimator))
                .grid(toArray(gridLo), toArray(gridHi), bins)
                .windowSelection(maxWindowExponent, minWindowExponent, reselectEvery, delta, thresholdMultiplier)
                .experts(expertMinExponent, expertMaxExponent, switchRate)
                .growGrid(growGrid)
                .window(window)
                .decay(decay)
                .bandwidth(toArray(bandwidth))
                .cadence(cadence);
    }

    /**
     * The grid for points of {@code dimension} features: the corners broadcast when given once.
     *
     * @throws IllegalArgumentException when the corners do not fit {@code dimension} or the grid is invalid
     */
    public GridBinning grid(int dimension) {
        return builder().grid(dimension);
    }

    private static double[] toArray(List<Double> values) {
        double[] array = new double[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }
}
