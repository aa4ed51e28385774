package io.flinkdrift.core.learners.kalman;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Statistical behaviour of the learned forgetting factor on synthetic regression
 * streams drawn from the model itself: m = 3 standard normal features, σ0² = 1, σ² = 0.1, 20,000
 * steps, fixed seeds, default learning rate η = 0.01 of the normalised step on log δ, σ² and σ0²
 * not learned. The assertion is on the mean of γ over the last 5,000 steps; a start at γ = 1
 * (δ = 0) must not stay stuck there.
 */
class KalmanForgettingTest {

    private static final int STEPS = 20_000;
    private static final int TAIL = 5_000;

    private static KalmanConfig.Builder base() {
        return KalmanConfig.builder().addBias(false).priorVariance(1.0).noiseVariance(0.1).learnNoise(false);
    }

    @ParameterizedTest(name = "γ* = {0}, start {1}, tail mean in [{2}, {3}]")
    @CsvSource({
        "0.99, 0.9999, 0.985, 0.995",
        "0.95, 0.9999, 0.94, 0.96",
        "0.95, 1.0, 0.94, 0.96",
        "1.0, 0.99, 0.999, 1.0",
    })
    void learnedGammaApproachesTheTrueOneAndBeatsNoForgettingUnderDrift(
            double trueGamma, double initialGamma, double low, double high) {
        Random random = new Random(42);
        int m = 3;
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = random.nextGaussian();
        }
        KalmanRegressor learned = new KalmanRegressor(base().initialGamma(initialGamma).build());
        KalmanRegressor static_ = new KalmanRegressor(base().initialGamma(1).learnGamma(false).build());
        double processSd = Math.sqrt(1 - trueGamma * trueGamma);
        double tailGamma = 0;
        double learnedLogScore = 0;
        double staticLogScore = 0;
        double[] x = new double[m];
        for (int t = 0; t < STEPS; t++) {
            double y = 0;
            for (int i = 0; i < m; i++) {
                w[i] = trueGamma * w[i] + processSd * random.nextGaussian();
                x[i] = random.nextGaussian();
                y += w[i] * x[i];
            }
            y += Math.sqrt(0.1) * random.nextGaussian();
            learnedLogScore += learned.logPredictiveDensity(x, y);
            staticLogScore += static_.logPredictiveDensity(x, y);
            learned.learn(x, y);
            static_.learn(x, y);
            if (t >= STEPS - TAIL) {
                tailGamma += learned.gamma() / TAIL;
            }
        }
        assertTrue(tailGamma >= low && tailGamma <= high, "tail mean γ = " + tailGamma);
        if (trueGamma < 1) {
            // Under drift the static posterior becomes overconfident: its mean log score collapses.
            assertTrue(learnedLogScore / STEPS > staticLogScore / STEPS + 1.0,
                    "learned " + learnedLogScore / STEPS + " vs static " + staticLogScore / STEPS);
        }
    }
}
