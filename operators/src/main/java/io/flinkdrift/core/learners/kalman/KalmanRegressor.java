package io.flinkdrift.core.learners.kalman;

import io.flinkdrift.core.learners.OnlineRegressor;

/**
 * Online linear regression by Kalman filtering with learned forgetting (Titsias et al., "Kalman
 * Filter for Online Classification of Non-Stationary Data", ICLR 2024): w_t ~ N(γ w_{t−1},
 * (1−γ²) σ0² I), y_t = w_tᵀφ_t + ε_t, ε_t ~ N(0, σ²), with γ (and optionally σ², σ0²) learned by
 * online gradient ascent on the one-step log predictive density. With γ = 1 and no learning it
 * is exact recursive Bayesian linear regression.
 *
 * <p><b>One {@link #learn} call is one time step</b> of the drift model. The feature dimension is
 * fixed by the first call of any method taking features; with {@link KalmanConfig#addBias()} a
 * constant feature 1 is appended internally. Predictions are prior-predictive: call them before
 * {@link #learn} on the same example. {@link KalmanConfig#standardizationSamples()} is ignored
 * (classifier only): standardise upstream if the features are far from order one.
 *
 * <p>Invalid input (null, non-finite, wrong dimension) throws {@link IllegalArgumentException}
 * and leaves the model unchanged. Not thread-safe; persist with {@link KalmanRegressorCodec}.
 */
public final class KalmanRegressor extends KalmanLearner implements OnlineRegressor {

    private final double[] target = new double[1];

    /**
     * A regressor with no feature dimension yet.
     *
     * @throws IllegalArgumentException if {@code config} is null
     */
    public KalmanRegressor(KalmanConfig config) {
        this(new LinearGaussianFilter(config));
    }

    KalmanRegressor(LinearGaussianFilter filter) {
        super(filter);
    }

    /**
     * The predictive mean γ Mᵀφ.
     *
     * @throws IllegalArgumentException if {@code features} is null, non-finite or of the wrong
     *     dimension
     */
    @Override
    public double predict(double[] features) {
        load(features);
        return filter.predictiveMean(0);
    }

    /** The predictive variance of the target, γ² φᵀPφ + (1−γ²) σ0² ‖φ‖² + σ². */
    public double predictiveVariance(double[] features) {
        load(features);
        return filter.observedVariance();
    }

    /** log N(target; predict(features), predictiveVariance(features)), the prequential log score. */
    public double logPredictiveDensity(double[] features, double target) {
        checkTarget(target);
        load(features);
        this.target[0] = target;
        return filter.logLikelihood(this.target);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code features} is invalid or {@code target} is not
     *     finite
     */
    @Override
    public void learn(double[] features, double target) {
        checkTarget(target);
        load(features);
        this.target[0] = target;
        filter.learn(this.target);
    }

    private static void checkTarget(double target) {
        if (!Double.isFinite(target)) {
            throw new IllegalArgumentException("target must be finite, got " + target);
        }
    }

    private void load(double[] features) {
        filter.checkFeatures(features);
        if (!filter.initialised()) {
            filter.initialise(features.length);
            filter.ensureOutputs(1);
        }
        filter.loadPrior(features);
    }

    @Override
    public long version() {
        return filter.steps();
    }

    /** Posterior mean (length m, including the bias weight last), a fresh copy. */
    public double[] posteriorMean() {
        double[][] mean = filter.posteriorMean();
        double[] out = new double[mean.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = mean[i][0];
        }
        return out;
    }

}
