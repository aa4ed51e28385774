package io.flinkdrift.core.learners.rls;

import java.io.Serializable;

/**
 * Immutable configuration of a {@link RandomVectorFunctionalLink}: exponentially weighted recursive
 * least squares (RLS) over the random-feature expansion of Lite-RVFL (Hu, Liu and He, 2025; authors'
 * code {@code songqiaohu/Lite-RVFL}). Plain RLS is the same model with zero enhancement groups.
 *
 * <p>Parameters, defaults and valid ranges:
 *
 * <ul>
 *   <li>{@code inputDimension} d (required, &ge; 1): length of every feature vector.
 *   <li>{@code forgetting} &lambda; in (0, 1], default {@code 1.003^-2} &asymp; 0.99403 (the
 *       authors' demo &theta; = 1.003 with &lambda; = &theta;<sup>-2</sup>); effective memory
 *       &asymp; 1/(1 &minus; &lambda;) samples. &lambda; = 1 is ordinary (growing-window) RLS.
 *   <li>{@code regularization} reg &gt; 0, default 0.1 (authors' demo): the ridge of the
 *       initial inverse covariance, P&#771;<sub>0</sub> = I / reg.
 *   <li>{@code enhancementGroups} N<sub>e</sub> &ge; 0, default 10; 0 gives plain RLS on the inputs.
 *   <li>{@code nodesPerGroup} N<sub>2</sub> &ge; 1, default 10.
 *   <li>{@code seed}, default 0: the random weights are regenerated from it, never stored.
 *   <li>{@code reregularizationPeriod} N &ge; 0, default 1000; 0 disables. Every N updates the
 *       decayed ridge is restored to reg (see {@link ExponentiallyWeightedRls}).
 *   <li>{@code bias}, default true: append a constant 1 feature (the authors have none; an
 *       intercept is needed for plain RLS on standardised inputs).
 *   <li>{@code standardizationSamples} B in [0, 100000], default 200 (the authors' initial batch): the first
 *       B examples are buffered, the per-feature mean and standard deviation (+0.01) are fitted on
 *       them and frozen, then the buffer is replayed in order; 0 feeds raw inputs.
 * </ul>
 */
public final class RlsConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The authors' demo value of &theta;; the default forgetting factor is its inverse square. */
    public static final double DEFAULT_THETA = 1.003;

    private final int inputDimension;
    private final double forgetting;
    private final double regularization;
    private final int enhancementGroups;
    private final int nodesPerGroup;
    private final long seed;
    private final int reregularizationPeriod;
    private final boolean bias;
    private final int standardizationSamples;

    private RlsConfig(Builder b) {
        this.inputDimension = b.inputDimension;
        this.forgetting = b.forgetting;
        this.regularization = b.regularization;
        this.enhancementGroups = b.enhancementGroups;
        this.nodesPerGroup = b.nodesPerGroup;
        this.seed = b.seed;
        this.reregularizationPeriod = b.reregularizationPeriod;
        this.bias = b.bias;
        this.standardizationSamples = b.standardizationSamples;
    }

    /** A builder with the defaults listed above for inputs of length {@code inputDimension}. */
    public static Builder builder(int inputDimension) {
        return new Builder(inputDimension);
    }

    /** Converts the authors' &theta; &gt; 1 (sample weights &theta;<sup>2i</sup>) to &lambda; = &theta;<sup>-2</sup>. */
    public static double forgettingFromTheta(double theta) {
        if (!(theta >= 1.0) || Double.isInfinite(theta)) {
            throw new IllegalArgumentException("theta must be finite and >= 1, got " + theta);
        }
        return 1.0 / (theta * theta);
    }

    public int inputDimension() {
        return inputDimension;
    }

    public double forgetting() {
        return forgetting;
    }

    public double regularization() {
        return regularization;
    }

    public int enhancementGroups() {
        return enhancementGroups;
    }

    public int nodesPerGroup() {
        return nodesPerGroup;
    }

    public long seed() {
        return seed;
    }

    public int reregularizationPeriod() {
        return reregularizationPeriod;
    }

    public boolean bias() {
        return bias;
    }

    public int standardizationSamples() {
        return standardizationSamples;
    }

    /** Number of enhancement nodes, N<sub>e</sub>&middot;N<sub>2</sub>. */
    public int enhancementNodes() {
        return enhancementGroups * nodesPerGroup;
    }

    /** The regression dimension D = d + N<sub>e</sub>&middot;N<sub>2</sub> (+1 with bias). */
    public int featureDimension() {
        return inputDimension + enhancementNodes() + (bias ? 1 : 0);
    }

    @Override
    public String toString() {
        return "RlsConfig{d=" + inputDimension + ", forgetting=" + forgetting + ", reg=" + regularization
                + ", Ne=" + enhancementGroups + ", N2=" + nodesPerGroup + ", seed=" + seed
                + ", reregularizationPeriod=" + reregularizationPeriod + ", bias=" + bias
                + ", standardizationSamples=" + standardizationSamples + '}';
    }

    /**
     * The configuration behind the {@code rls} and {@code rvfl} learners of the jobs and of the
     * Flink ML estimator: plain RLS ({@link Builder#plainRls()}) when {@code enhancementGroups} is 0,
     * otherwise Lite-RVFL with that many groups of random features from {@code seed}; all other
     * parameters at their defaults.
     *
     * @throws IllegalArgumentException for a parameter outside its valid range
     */
    public static RlsConfig of(int inputDimension, double forgetting, int enhancementGroups, long seed) {
        Builder builder = builder(inputDimension).forgetting(forgetting);
        return enhancementGroups == 0
                ? builder.plainRls().build()
                : builder.enhancementGroups(enhancementGroups).seed(seed).build();
    }

    /** Builder; {@link #build()} validates every parameter. */
    public static final class Builder {
        /** Caps D so that the D&times;D covariance stays a bounded piece of keyed state (8 MB). */
        static final int MAX_FEATURE_DIMENSION = 1024;
        /** Caps the buffered standardisation batch, which is part of the keyed state until fitted. */
        static final int MAX_STANDARDIZATION_SAMPLES = 100_000;

        private final int inputDimension;
        private double forgetting = forgettingFromTheta(DEFAULT_THETA);
        private double regularization = 0.1;
        private int enhancementGroups = 10;
        private int nodesPerGroup = 10;
        private long seed;
        private int reregularizationPeriod = 1000;
        private boolean bias = true;
        private int standardizationSamples = 200;

        private Builder(int inputDimension) {
            this.inputDimension = inputDimension;
        }

        /** Forgetting factor &lambda; in (0, 1]. */
        public Builder forgetting(double forgetting) {
            this.forgetting = forgetting;
            return this;
        }

        /** Sets &lambda; = &theta;<sup>-2</sup> from the authors' &theta; &ge; 1. */
        public Builder theta(double theta) {
            this.forgetting = forgettingFromTheta(theta);
            return this;
        }

        public Builder regularization(double regularization) {
            this.regularization = regularization;
            return this;
        }

        public Builder enhancementGroups(int enhancementGroups) {
            this.enhancementGroups = enhancementGroups;
            return this;
        }

        public Builder nodesPerGroup(int nodesPerGroup) {
            this.nodesPerGroup = nodesPerGroup;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder reregularizationPeriod(int reregularizationPeriod) {
            this.reregularizationPeriod = reregularizationPeriod;
            return this;
        }

        public Builder bias(boolean bias) {
            this.bias = bias;
            return this;
        }

        public Builder standardizationSamples(int standardizationSamples) {
            this.standardizationSamples = standardizationSamples;
            return this;
        }

        /** Plain RLS on the raw inputs: no enhancement nodes and no standardisation. */
        public Builder plainRls() {
            this.enhancementGroups = 0;
            this.standardizationSamples = 0;
            return this;
        }

        /** @throws IllegalArgumentException naming the first parameter outside its valid range */
        public RlsConfig build() {
            require(inputDimension >= 1, "inputDimension must be >= 1, got " + inputDimension);
            require(forgetting > 0.0 && forgetting <= 1.0, "forgetting must be in (0, 1], got " + forgetting);
            require(regularization > 0.0 && Double.isFinite(regularization),
                    "regularization must be finite and > 0, got " + regularization);
            require(enhancementGroups >= 0, "enhancementGroups must be >= 0, got " + enhancementGroups);
            require(nodesPerGroup >= 1, "nodesPerGroup must be >= 1, got " + nodesPerGroup);
            require(reregularizationPeriod >= 0,
                    "reregularizationPeriod must be >= 0 (0 disables), got " + reregularizationPeriod);
            require(standardizationSamples >= 0 && standardizationSamples <= MAX_STANDARDIZATION_SAMPLES,
                    "standardizationSamples must be in [0, " + MAX_STANDARDIZATION_SAMPLES + "] (0 disables), got "
                            + standardizationSamples);
            long dimension = (long) inputDimension + (long) enhancementGroups * nodesPerGroup + (bias ? 1 : 0);
            require(dimension <= MAX_FEATURE_DIMENSION, "inputDimension + enhancementGroups * nodesPerGroup"
                    + " (+1 for bias) must be <= " + MAX_FEATURE_DIMENSION + ", got " + dimension);
            return new RlsConfig(this);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
