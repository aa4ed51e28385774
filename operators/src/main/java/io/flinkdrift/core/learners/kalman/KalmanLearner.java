package io.flinkdrift.core.learners.kalman;

/**
 * What the Kalman-filter regressor and classifier share: the {@link LinearGaussianFilter} over
 * the weights and its hyperparameter and health read-outs.
 */
abstract class KalmanLearner {

    final LinearGaussianFilter filter;

    KalmanLearner(LinearGaussianFilter filter) {
        this.filter = filter;
    }

    public KalmanConfig config() {
        return filter.config();
    }

    /** The current forgetting factor γ ∈ (0, 1]. */
    public double gamma() {
        return filter.gamma();
    }

    /** The current observation noise variance σ² (learned if {@link KalmanConfig#learnNoise()}). */
    public double noiseVariance() {
        return filter.noiseVariance();
    }

    /** The current prior variance σ0² (learned if {@link KalmanConfig#learnNoise()}). */
    public double priorVariance() {
        return filter.priorVariance();
    }

    LinearGaussianFilter filter() {
        return filter;
    }

    /** How often numerical breakdown reset the covariance to the prior (health metric). */
    public long covarianceResets() {
        return filter.covarianceResets();
    }

    /** The smallest posterior variance, min_i P_ii (health metric); NaN before the first call. */
    public double minCovarianceDiagonal() {
        return filter.initialised() ? filter.minCovarianceDiagonal() : Double.NaN;
    }

    /**
     * Full O(m²) check of the state: finite, positive covariance diagonal, |P_ij|² ≤ P_ii P_jj.
     *
     * @throws IllegalStateException naming the first violation
     */
    public void verifyHealthy() {
        filter.verifyHealthy();
    }

    /** Posterior covariance P (m × m, m including the bias feature), a fresh copy. */
    public double[][] posteriorCovariance() {
        return filter.posteriorCovariance();
    }
}
