package io.flinkdrift.core.learners.kalman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Analytic gradients against central finite differences. */
class KalmanGradientTest {

    /** A filter after 30 learned steps of a 3-output stream, then loaded with a fresh example. */
    private static LinearGaussianFilter trainedFilter(Random random, double[] features, double[] targets) {
        LinearGaussianFilter filter = new LinearGaussianFilter(KalmanConfig.builder()
                .initialGamma(0.9)
                .gammaLearningRate(1e-3)
                .learnNoise(true)
                .build());
        filter.initialise(features.length);
        filter.ensureOutputs(targets.length);
        double[] x = new double[features.length];
        double[] y = new double[targets.length];
        for (int t = 0; t < 30; t++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextGaussian();
            }
            Arrays.fill(y, 0);
            y[random.nextInt(y.length)] = 1;
            filter.loadPrior(x);
            filter.learn(y);
        }
        filter.loadPrior(features);
        return filter;
    }

    @Test
    void deltaGradientMatchesCentralFiniteDifferences() {
        Random random = new Random(11);
        for (int trial = 0; trial < 5; trial++) {
            double[] features = {random.nextGaussian(), random.nextGaussian(), 2 * random.nextGaussian()};
            double[] targets = {0, 1, 0};
            LinearGaussianFilter filter = trainedFilter(random, features, targets);
            double delta = filter.delta();
            double analytic = filter.logLikelihoodGradientDelta(targets);
            double h = 1e-5 * Math.max(delta, 1e-3);
            filter.setDelta(delta + h);
            double up = filter.logLikelihood(targets);
            filter.setDelta(delta - h);
            double down = filter.logLikelihood(targets);
            double numeric = (up - down) / (2 * h);
            assertTrue(Math.abs(analytic) > 1e-6, "non-trivial gradient");
            assertEquals(numeric, analytic, 1e-6 * Math.abs(analytic), "trial " + trial);
        }
    }

    @Test
    void logVarianceGradientsMatchCentralFiniteDifferences() {
        Random random = new Random(12);
        for (int trial = 0; trial < 5; trial++) {
            double[] features = {random.nextGaussian(), random.nextGaussian(), 2 * random.nextGaussian()};
            double[] targets = {1, 0, 0};
            LinearGaussianFilter filter = trainedFilter(random, features, targets);
            double noise = filter.noiseVariance();
            double prior = filter.priorVariance();
            double h = 1e-5;
            double analyticNoise = filter.logLikelihoodGradientLogNoiseVariance(targets);
            double analyticPrior = filter.logLikelihoodGradientLogPriorVariance(targets);
            filter.setVariances(noise * Math.exp(h), prior);
            double upNoise = filter.logLikelihood(targets);
            filter.setVariances(noise * Math.exp(-h), prior);
            double downNoise = filter.logLikelihood(targets);
            filter.setVariances(noise, prior * Math.exp(h));
            double upPrior = filter.logLikelihood(targets);
            filter.setVariances(noise, prior * Math.exp(-h));
            double downPrior = filter.logLikelihood(targets);
            assertEquals((upNoise - downNoise) / (2 * h), analyticNoise, 1e-6 * Math.abs(analyticNoise));
            assertEquals((upPrior - downPrior) / (2 * h), analyticPrior, 1e-6 * Math.abs(analyticPrior));
        }
    }

    @Test
    void temperatureGradientMatchesFiniteDifferencesForProbitAndMonteCarlo() {
        double[] mean = {0.8, -0.2, 0.1};
        double variance = 0.6;
        for (KalmanConfig.Predictive kind : KalmanConfig.Predictive.values()) {
            GaussianSoftmax softmax = new GaussianSoftmax(
                    KalmanConfig.builder().predictive(kind).monteCarloSamples(500).seed(5).build());
            for (int label = 0; label < 3; label++) {
                double logTau = Math.log(0.7);
                double analytic = softmax.temperatureGradient(mean, 3, variance, Math.exp(logTau), label, 9);
                double h = 1e-5;
                double[] p = new double[3];
                softmax.probabilities(mean, 3, variance, Math.exp(logTau + h), 9, p);
                double up = -Math.log(p[label]);
                softmax.probabilities(mean, 3, variance, Math.exp(logTau - h), 9, p);
                double down = -Math.log(p[label]);
                assertEquals((up - down) / (2 * h), analytic, 1e-6 * Math.max(1, Math.abs(analytic)),
                        kind + " label " + label);
            }
        }
    }
}
