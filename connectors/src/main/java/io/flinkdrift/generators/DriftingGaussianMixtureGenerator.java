package io.flinkdrift.generators;

import io.flinkdrift.records.Example;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A mixture of K isotropic Gaussians in R^d whose means move and whose mixture weights shift over
 * time, with the exact density exposed as ground truth: a stream for drifting classification
 * (label = component), density estimation and nearest-neighbour search.
 *
 * <p>Base means {@code m_k} are drawn once from the seed, uniform in [−radius, radius]^d, together
 * with a random rotation plane (orthonormal {@code u, v}). At record {@code i} the model is evaluated
 * at the <em>anchor time</em> {@code τ(i)}: {@code τ = i} in {@link Mode#GRADUAL} mode (the means
 * glide continuously) and {@code τ = period · floor(i / period)} in {@link Mode#ABRUPT} mode (the
 * model is constant within a period and jumps at each multiple of {@code period}). Then
 *
 * <ul>
 *   <li>means {@code μ_k(i) = R(driftSpeed · τ) m_k}, a rotation about the origin in the plane of
 *       {@code u, v};
 *   <li>weights {@code π_k(i) ∝ 1 + A sin(2π τ / weightPeriod + 2π k / K)} with amplitude
 *       {@code A = weightAmplitude} in [0, 1): positive, normalised to sum to 1 (for K &ge; 2 the
 *       normaliser is exactly K);
 *   <li>a record picks component {@code k} with probability {@code π_k(i)} and has features
 *       {@code μ_k(i) + sigma · z}, {@code z} standard normal; its label is {@code k} and its
 *       concept id is {@code i / period}.
 * </ul>
 *
 * <p>Parameters and defaults: {@code dimension} d &ge; 2 ({@value #DEFAULT_DIMENSION}),
 * {@code components} K &ge; 1 ({@value #DEFAULT_COMPONENTS}), {@code sigma} &gt; 0
 * ({@value #DEFAULT_SIGMA}), {@code radius} &ge; 0 ({@value #DEFAULT_RADIUS}), {@code mode}
 * (gradual), {@code driftSpeed} finite, radians per record ({@value #DEFAULT_DRIFT_SPEED}),
 * {@code period} &ge; 1 ({@value #DEFAULT_PERIOD}), {@code weightAmplitude} in [0, 1)
 * ({@value #DEFAULT_WEIGHT_AMPLITUDE}), {@code weightPeriod} &ge; 1
 * ({@value #DEFAULT_WEIGHT_PERIOD}).
 */
public final class DriftingGaussianMixtureGenerator implements DriftGenerator {

    private static final long serialVersionUID = 1L;

    public static final String NAME = "mixture";
    public static final int DEFAULT_DIMENSION = 2;
    public static final int DEFAULT_COMPONENTS = 3;
    public static final double DEFAULT_SIGMA = 1.0;
    public static final double DEFAULT_RADIUS = 5.0;
    public static final Mode DEFAULT_MODE = Mode.GRADUAL;
    public static final double DEFAULT_DRIFT_SPEED = 1e-4;
    public static final long DEFAULT_PERIOD = 10_000L;
    public static final double DEFAULT_WEIGHT_AMPLITUDE = 0.5;
    public static final long DEFAULT_WEIGHT_PERIOD = 50_000L;

    /** How the mixture moves between records. */
    public enum Mode {
        /** Means and weights change continuously with the record index. */
        GRADUAL,
        /** Means and weights are constant within a period and jump at each period boundary. */
        ABRUPT;

        /** The mode named {@code name}, case-insensitive ({@code gradual} or {@code abrupt}). */
        public static Mode parse(String name) {
            for (Mode mode : values()) {
                if (mode.name().equalsIgnoreCase(name)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("mode must be gradual or abrupt, got '" + name + "'");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final StreamSettings settings;
    private final int dimension;
    private final int components;
    private final double sigma;
    private final double radius;
    private final Mode mode;
    private final double driftSpeed;
    private final long period;
    private final double weightAmplitude;
    private final long weightPeriod;
    private final double[][] baseMeans;
    private final PlaneRotation rotation;
    private final double logNormalizer;

    /**
     * @throws IllegalArgumentException if any parameter is outside the range stated in the class
     *     documentation, or {@code mode} is null
     */
    public DriftingGaussianMixtureGenerator(
            StreamSettings settings,
            int dimension,
            int components,
            double sigma,
            double radius,
            Mode mode,
            double driftSpeed,
            long period,
            double weightAmplitude,
            long weightPeriod) {
        this.settings = settings;
        this.dimension = (int) Arguments.atLeast("dimension", dimension, 2);
        this.components = (int) Arguments.atLeast("components", components, 1);
        this.sigma = Arguments.positive("sigma", sigma);
        this.radius = Arguments.nonNegative("radius", radius);
        if (mode == null) {
            throw new IllegalArgumentException("mode must be gradual or abrupt, got null");
        }
        this.mode = mode;
        this.driftSpeed = Arguments.finite("driftSpeed", driftSpeed);
        this.period = Arguments.atLeast("period", period, 1);
        this.weightAmplitude = Arguments.inRange("weightAmplitude", weightAmplitude, 0.0, 1.0, true);
        this.weightPeriod = Arguments.atLeast("weightPeriod", weightPeriod, 1);

        SplittableRandom parameters = settings.parameterRandom();
        this.rotation = PlaneRotation.random(dimension, parameters);
        this.baseMeans = new double[components][dimension];
        for (double[] mean : baseMeans) {
            for (int j = 0; j < dimension; j++) {
                mean[j] = radius * (2.0 * parameters.nextDouble() - 1.0);
            }
        }
        this.logNormalizer = -0.5 * dimension * Math.log(2.0 * Math.PI * sigma * sigma);
    }

    /** The standard deviation of every component along every axis. */
    public double sigma() {
        return sigma;
    }

    public Mode mode() {
        return mode;
    }

    /** The component means {@code μ_k} at record {@code index}, one row per component; new arrays. */
    public double[][] means(long index) {
        double angle = driftSpeed * anchor(index);
        double[][] means = new double[components][];
        for (int k = 0; k < components; k++) {
            means[k] = rotation.rotate(baseMeans[k], angle);
        }
        return means;
    }

    /** The mixture weights {@code π_k} at record {@code index}: positive and summing to 1. */
    public double[] weights(long index) {
        double phase = 2.0 * Math.PI * (anchor(index) % weightPeriod) / weightPeriod;
        double[] weights = new double[components];
        double total = 0.0;
        for (int k = 0; k < components; k++) {
            weights[k] = 1.0 + weightAmplitude * Math.sin(phase + 2.0 * Math.PI * k / components);
            total += weights[k];
        }
        for (int k = 0; k < components; k++) {
            weights[k] /= total;
        }
        return weights;
    }

    /**
     * The mixture density {@code Σ_k π_k N(x; μ_k, sigma² I)} that generated record {@code index}.
     *
     * @throws IllegalArgumentException if {@code x.length != dimension()}
     */
    public double density(double[] x, long index) {
        if (x.length != dimension) {
            throw new IllegalArgumentException(
                    "x must have " + dimension + " coordinates, got " + x.length);
        }
        double[] weights = weights(index);
        double[][] means = means(index);
        double density = 0.0;
        for (int k = 0; k < components; k++) {
            double squaredDistance = 0.0;
            for (int j = 0; j < dimension; j++) {
                double diff = x[j] - means[k][j];
                squaredDistance += diff * diff;
            }
            density += weights[k] * Math.exp(logNormalizer - squaredDistance / (2.0 * sigma * sigma));
        }
        return density;
    }

    @Override
    public Example generate(long index) {
        SplittableRandom random = settings.recordRandom(index);
        int component = pick(weights(index), random.nextDouble());
        double[] x = rotation.rotate(baseMeans[component], driftSpeed * anchor(index));
        for (int j = 0; j < dimension; j++) {
            x[j] += sigma * Randoms.gaussian(random);
        }
        return settings.example(index, x, component, StreamSettings.periodOf(index, period));
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** The number of components K: the label is the generating component. */
    @Override
    public int keys() {
        return settings.keys();
    }

    @Override
    public int numClasses() {
        return components;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The time at which the mixture is evaluated for record {@code index}. */
    private long anchor(long index) {
        return mode == Mode.GRADUAL ? index : (index / period) * period;
    }

    /** The component whose cumulative-weight interval contains {@code u} in [0, 1). */
    private static int pick(double[] weights, double u) {
        double cumulative = 0.0;
        for (int k = 0; k < weights.length - 1; k++) {
            cumulative += weights[k];
            if (u < cumulative) {
                return k;
            }
        }
        return weights.length - 1; // also absorbs rounding when the weights sum to 1 - ε
    }

    @Override
    public String toString() {
        return NAME + "(" + settings + ", dimension=" + dimension + ", components=" + components
                + ", sigma=" + sigma + ", radius=" + radius + ", mode=" + mode
                + ", driftSpeed=" + driftSpeed
                + ", period=" + period + ", weightAmplitude=" + weightAmplitude
                + ", weightPeriod=" + weightPeriod + ")";
    }
}
