package io.flinkdrift.core.learners.kalman;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Monte Carlo and probit class probabilities for K = 2, where the exact Gaussian-softmax integral
 * is one-dimensional: p_1 = E[sigmoid(d / τ)], d ~ N(μ1 − μ0, 2v), computed by quadrature.
 */
class KalmanPredictiveTest {

    private static double exactBinary(double mu0, double mu1, double v, double tau) {
        double mean = mu1 - mu0;
        double sd = Math.sqrt(2 * v);
        int n = 20_000;
        double lo = mean - 12 * sd;
        double step = 24 * sd / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double d = lo + i * step;
            double weight = (i == 0 || i == n) ? 0.5 : 1;
            double density = Math.exp(-0.5 * Math.pow((d - mean) / sd, 2)) / (sd * Math.sqrt(2 * Math.PI));
            sum += weight * density / (1 + Math.exp(-d / tau));
        }
        return sum * step;
    }

    @ParameterizedTest(name = "μ = ({0}, {1}), v = {2}, τ = {3}")
    @CsvSource({"0.9, 0.1, 0.3, 1.0", "0.2, 0.5, 1.0, 1.0", "2.0, -1.0, 2.0, 0.5", "0.0, 0.0, 0.5, 1.0"})
    void monteCarloMatchesTheExactIntegralAndProbitApproximatesIt(
            double mu0, double mu1, double v, double tau) {
        double[] mean = {mu0, mu1};
        double[] mc = new double[2];
        new GaussianSoftmax(KalmanConfig.builder()
                        .predictive(KalmanConfig.Predictive.MONTE_CARLO)
                        .monteCarloSamples(200_000)
                        .seed(3)
                        .build())
                .probabilities(mean, 2, v, tau, 0, mc);
        double[] probit = new double[2];
        new GaussianSoftmax(KalmanConfig.defaults()).probabilities(mean, 2, v, tau, 0, probit);
        double exact = exactBinary(mu0, mu1, v, tau);
        // MC standard error ≤ 0.5 / √200000 ≈ 0.0011
        assertEquals(exact, mc[1], 0.005);
        assertEquals(1.0, mc[0] + mc[1], 1e-12);
        // For K = 2 the probit form is the classical probit approximation of the logistic-normal
        // integral, whose error is below 0.02 everywhere.
        assertEquals(exact, probit[1], 0.02);
        assertEquals(mc[1], probit[1], 0.02);
        assertEquals(1.0, probit[0] + probit[1], 1e-12);
    }
}
