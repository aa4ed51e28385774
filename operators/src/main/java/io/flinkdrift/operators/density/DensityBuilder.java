package io.flinkdrift.operators.density;

import io.flinkdrift.core.density.DensityEstimator;
import io.flinkdrift.core.density.GridBinning;
import io.flinkdrift.operators.CliNames;
import io.flinkdrift.operators.learners.ParamValues;
import io.flinkdrift.operators.params.ParamText;
import io.flinkdrift.operators.state.KeyedStateSpec;
import org.apache.flink.ml.param.Param;

import java.util.Arrays;

/**
 * Builds the keyed density operator ({@link DensityEstimationFunction}) from an estimator of {@link
 * DensityEstimatorRegistry} and values of its params, each left out keeping the default the {@code
 * density} job uses:
 *
 * <pre>{@code
 * DataStream<DensityScore> scores = examples      // DataStream<Example>
 *         .keyBy(example -> example.key)
 *         .process(DensityBuilder.of(DensityBuilder.Estimator.ADAPTIVE).grid(-12, 12, 16).function())
 *         .uid("density");
 * }</pre>
 *
 * The estimators and their params are declared once, in {@link DensityEstimatorRegistry}; see {@code
 * docs/density.md}. {@link #factory()} validates every setting that does not depend on the data's
 * dimension.
 */
public final class DensityBuilder {

    /** The estimators of {@link DensityEstimatorRegistry} as constants, by their command-line name. */
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

        /** The estimator's declaration. */
        public DensityEstimatorDeclaration<?> declaration() {
            return DensityEstimatorRegistry.find(cliName);
        }

        /** The estimator called {@code name} on the command line (case-insensitive). */
        public static Estimator named(String name) {
            return CliNames.named(Estimator.class, name, "--estimator", Estimator::cliName);
        }
    }

    private final DensityEstimatorDeclaration<?> declaration;
    private final ParamValues values;
    private long cadence = 1000;

    private DensityBuilder(DensityEstimatorDeclaration<?> declaration, ParamValues values) {
        this.declaration = declaration;
        this.values = values;
    }

    /** A builder for {@code estimator} with every other setting at its default. */
    public static DensityBuilder of(Estimator estimator) {
        if (estimator == null) {
            throw new IllegalArgumentException("estimator must not be null");
        }
        return of(estimator.declaration());
    }

    /** A builder for {@code declaration} with its params at their defaults. */
    public static DensityBuilder of(DensityEstimatorDeclaration<?> declaration) {
        return of(declaration, declaration.defaultValues());
    }

    /**
     * A builder for {@code declaration} with {@code values} of its params, e.g. those of a command
     * line (a copy is kept).
     */
    public static DensityBuilder of(DensityEstimatorDeclaration<?> declaration, ParamValues values) {
        return new DensityBuilder(declaration, new ParamValues(values.getParamMap()));
    }

    /**
     * Sets {@code param} of the estimator.
     *
     * @throws IllegalArgumentException if the estimator has no such param or the value is invalid
     */
    public <V> DensityBuilder set(Param<V> param, V value) {
        if (!declaration.params().containsKey(param)) {
            throw new IllegalArgumentException("estimator " + declaration.name() + " has no param '" + param.name
                    + "'");
        }
        ParamText.validated(param, value, "param " + param.name);
        values.set(param, value);
        return this;
    }

    /**
     * The histogram grid (kde: the shadow grid that chooses the window): lower and upper corners, one
     * value per feature or one for all, and bins per feature ({@link HasGrid}); default [0, 1] with 16 bins.
     */
    public DensityBuilder grid(double[] lo, double[] hi, int binsPerFeature) {
        return set(HasGrid.GRID_LO, boxed(lo)).set(HasGrid.GRID_HI, boxed(hi)).set(HasGrid.BINS, binsPerFeature);
    }

    /** {@link #grid(double[], double[], int)} with the same corners for every feature. */
    public DensityBuilder grid(double lo, double hi, int binsPerFeature) {
        return grid(new double[] {lo}, new double[] {hi}, binsPerFeature);
    }

    /**
     * The window selection of adaptive and kde ({@link HasWindowSelection}): largest and smallest
     * window exponents, re-selection interval, false-shrink budget δ and threshold multiplier c;
     * default 12, 4, 32, 0.1 and 1.
     */
    public DensityBuilder windowSelection(int maxExponent, int minExponent, int reselectInterval, double delta,
            double thresholdMultiplier) {
        return set(HasWindowSelection.MAX_WINDOW_EXPONENT, maxExponent)
                .set(HasWindowSelection.MIN_WINDOW_EXPONENT, minExponent)
                .set(HasWindowSelection.RESELECT_EVERY, reselectInterval)
                .set(HasWindowSelection.DELTA, delta)
                .set(HasWindowSelection.THRESHOLD_MULTIPLIER, thresholdMultiplier);
    }

    /**
     * The experts of experts ({@link HasExperts}): the shortest and the highest window exponent and
     * the fixed-share switch rate α; default 3, 30 and 2^-10.
     */
    public DensityBuilder experts(int minExponent, int maxExponent, double switchRate) {
        return set(HasExperts.EXPERT_MIN_EXPONENT, minExponent)
                .set(HasExperts.EXPERT_MAX_EXPONENT, maxExponent)
                .set(HasExperts.SWITCH_RATE, switchRate);
    }

    /**
     * Whether experts doubles its grid's range (merging bins pairwise) to cover points outside it,
     * instead of scoring them in edge cells; default true. Needs an even number of bins per feature.
     */
    public DensityBuilder growGrid(boolean grow) {
        return set(HasExperts.GROW_GRID, grow);
    }

    /** The window of fixed, in [1, 2^26]; default 4096. */
    public DensityBuilder window(int window) {
        return set(HasWindow.WINDOW, window);
    }

    /** The decay per element of exponential, in (0, 1); default 0.999. */
    public DensityBuilder decay(double decay) {
        return set(HasDecay.DECAY, decay);
    }

    /** The bandwidth scale of kde per feature (or one for all); default (hi − lo)/8 per feature. */
    public DensityBuilder bandwidth(double... scale) {
        return set(HasBandwidth.BANDWIDTH, boxed(scale));
    }

    /** Emit each key's estimate after every N-th element it accepted; default 1000. */
    public DensityBuilder cadence(long cadence) {
        this.cadence = cadence;
        return this;
    }

    public DensityEstimatorDeclaration<?> declaration() {
        return declaration;
    }

    /**
     * The grid for points of {@code dimension} features, the corners broadcast when given once.
     *
     * @throws IllegalArgumentException when the corners do not fit {@code dimension} or the grid is invalid
     */
    public GridBinning grid(int dimension) {
        return DensityGrid.of(values).binning(dimension);
    }

    /**
     * The factory of the estimator; every setting that does not depend on the data's dimension is
     * validated here, before a job is submitted.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public KeyedStateSpec<? extends DensityEstimator> factory() {
        return declaration.factory(values);
    }

    /**
     * The keyed operator.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public DensityEstimationFunction<?> function() {
        return function(factory());
    }

    private <E extends DensityEstimator> DensityEstimationFunction<E> function(
            KeyedStateSpec<E> factory) {
        return new DensityEstimationFunction<>(factory, cadence);
    }

    /**
     * The keyed operator with bundled state access, see {@link BundledDensityOperator}.
     *
     * @param maxRecords records buffered before a flush, &ge; 1 (1: record at a time)
     * @param maxLatencyMs longest a record waits in the buffer, in processing time, &ge; 1
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public BundledDensityOperator<?> bundled(int maxRecords, long maxLatencyMs) {
        return bundled(factory(), maxRecords, maxLatencyMs);
    }

    private <E extends DensityEstimator> BundledDensityOperator<E> bundled(KeyedStateSpec<E> factory,
            int maxRecords, long maxLatencyMs) {
        return new BundledDensityOperator<>(factory, cadence, 0, maxRecords, maxLatencyMs);
    }

    private static Double[] boxed(double[] values) {
        return Arrays.stream(values).boxed().toArray(Double[]::new);
    }
}
