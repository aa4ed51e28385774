package io.flinkdrift.core.learners.kalman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

/** Long-run numerical health, the breakdown policy and input validation. */
class KalmanRobustnessTest {

    private static double minEigenvalue(double[][] matrix) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(matrix.length, false, true);
        assertTrue(eig.decompose(new DMatrixRMaj(matrix)));
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < matrix.length; i++) {
            min = Math.min(min, eig.getEigenvalue(i).getReal());
        }
        return min;
    }

    @Test
    void millionUpdatesKeepTheCovarianceSymmetricPositiveDefinite() {
        Random random = new Random(7);
        // Learned γ, very unequal feature scales and two nearly collinear features.
        KalmanClassifier classifier = new KalmanClassifier(KalmanConfig.builder().learnNoise(true).build());
        double[] x = new double[4];
        for (int t = 0; t < 1_000_000; t++) {
            x[0] = random.nextGaussian();
            x[1] = x[0] + 1e-4 * random.nextGaussian();
            x[2] = 100 * random.nextGaussian();
            x[3] = 1e-3 * random.nextGaussian();
            int label = (x[0] + 0.01 * x[2] > ((t / 50_000) % 2 == 0 ? 0 : 1)) ? 1 : 0;
            classifier.learn(x, label);
            if (t % 100_000 == 0) {
                classifier.verifyHealthy();
            }
        }
        classifier.verifyHealthy();
        assertEquals(0, classifier.covarianceResets());
        double[][] cov = classifier.posteriorCovariance();
        for (int i = 0; i < cov.length; i++) {
            for (int j = 0; j < cov.length; j++) {
                assertEquals(cov[i][j], cov[j][i], 0.0);
            }
        }
        assertTrue(minEigenvalue(cov) > 0, "min eigenvalue " + minEigenvalue(cov));
        for (double[] row : classifier.posteriorMean()) {
            for (double v : row) {
                assertTrue(Double.isFinite(v));
            }
        }
    }

    @Test
    void noForgettingWithOneRepeatedDirectionStaysPositiveDefinite() {
        KalmanRegressor regressor = new KalmanRegressor(
                KalmanConfig.builder().initialGamma(1).learnGamma(false).addBias(false).build());
        Random random = new Random(8);
        for (int t = 0; t < 200_000; t++) {
            regressor.learn(new double[] {1, 1 + 1e-9 * random.nextGaussian()}, random.nextGaussian());
        }
        regressor.verifyHealthy();
        assertTrue(minEigenvalue(regressor.posteriorCovariance()) > 0);
    }

    @Test
    void overflowingFeaturesResetTheCovarianceInsteadOfCorruptingTheModel() {
        KalmanClassifier classifier =
                new KalmanClassifier(KalmanConfig.builder().priorVariance(4).learnNoise(false).build());
        classifier.learn(new double[] {0.5, 0.5}, 0);
        classifier.learn(new double[] {0.1, 0.9}, 1);
        // P φ overflows to infinity, so the gain is infinite and the update produces NaN.
        classifier.learn(new double[] {Double.MAX_VALUE, Double.MAX_VALUE}, 1);
        assertEquals(1, classifier.covarianceResets());
        classifier.verifyHealthy();
        double[][] cov = classifier.posteriorCovariance();
        for (int i = 0; i < cov.length; i++) {
            for (int j = 0; j < cov.length; j++) {
                assertEquals(i == j ? 4.0 : 0.0, cov[i][j], 0.0);
            }
        }
        double[] p = classifier.predictProbabilities(new double[] {0.3, 0.2});
        assertTrue(Double.isFinite(p[0]) && Double.isFinite(p[1]));
        assertEquals(1.0, p[0] + p[1], 1e-12);
        assertEquals(3, classifier.version());
    }

    @Test
    void invalidInputThrowsAndLeavesTheModelUnchanged() {
        KalmanClassifier classifier = new KalmanClassifier(KalmanConfig.defaults());
        assertEquals(0, classifier.predictProbabilities(new double[] {1, 2}).length);
        classifier.learn(new double[] {1, 2}, 1);
        double[] before = classifier.predictProbabilities(new double[] {0.5, 0.5});
        assertThrows(IllegalArgumentException.class, () -> classifier.learn(new double[] {1, 2, 3}, 0));
        assertThrows(IllegalArgumentException.class, () -> classifier.learn(new double[] {1, Double.NaN}, 0));
        assertThrows(IllegalArgumentException.class, () -> classifier.learn(null, 0));
        assertThrows(IllegalArgumentException.class, () -> classifier.learn(new double[] {1, 2}, -1));
        assertThrows(IllegalArgumentException.class, () -> classifier.predictProbabilities(new double[] {1}));
        assertEquals(1, classifier.version());
        assertEquals(2, classifier.numClasses());
        assertEquals(before[1], classifier.predictProbabilities(new double[] {0.5, 0.5})[1], 0.0);

        KalmanRegressor regressor = new KalmanRegressor(KalmanConfig.defaults());
        regressor.learn(new double[] {1}, 2.0);
        assertThrows(IllegalArgumentException.class, () -> regressor.learn(new double[] {1}, Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> regressor.predict(new double[] {Double.POSITIVE_INFINITY}));
        assertEquals(1, regressor.version());
    }

    @Test
    void configRejectsOutOfRangeValuesNamingTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KalmanConfig.builder().initialGamma(1.5));
        assertTrue(e.getMessage().contains("initialGamma"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KalmanConfig.builder().noiseVariance(0))
                .getMessage().contains("noiseVariance"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KalmanConfig.builder().monteCarloSamples(0))
                .getMessage().contains("monteCarloSamples"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                        () -> KalmanConfig.builder().minDelta(5).maxDelta(1).build())
                .getMessage().contains("minDelta"));
        assertThrows(IllegalArgumentException.class, () -> new KalmanClassifier(null));
        assertThrows(IllegalArgumentException.class, () -> new KalmanRegressor((KalmanConfig) null));
    }
}
