package io.flinkdrift.core.learners.kalman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The filter against closed-form Gaussian references: static Bayesian
 * linear regression when γ = 1, and the explicitly built joint Gaussian of (w_T, y_{1:T}) when
 * γ &lt; 1.
 */
class KalmanExactnessTest {

    private static final double PRIOR = 0.7;
    private static final double NOISE = 0.3;

    private static KalmanConfig fixedGamma(double gamma) {
        return KalmanConfig.builder()
                .priorVariance(PRIOR)
                .noiseVariance(NOISE)
                .initialGamma(gamma)
                .learnGamma(false)
                .learnNoise(false)
                .addBias(false)
                .build();
    }

    private static double[][] randomMatrix(Random random, int rows, int cols) {
        double[][] x = new double[rows][cols];
        for (double[] row : x) {
            for (int j = 0; j < cols; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return x;
    }

    /** Posterior of static Bayesian linear regression: P = (σ0⁻²I + ΦᵀΦ/σ²)⁻¹, M = P ΦᵀY / σ². */
    private static DMatrixRMaj[] bayesianLinearRegression(double[][] phi, double[][] targets) {
        DMatrixRMaj x = new DMatrixRMaj(phi);
        DMatrixRMaj y = new DMatrixRMaj(targets);
        int m = x.numCols;
        DMatrixRMaj precision = CommonOps_DDRM.identity(m);
        CommonOps_DDRM.scale(1 / PRIOR, precision);
        DMatrixRMaj gram = new DMatrixRMaj(m, m);
        CommonOps_DDRM.multTransA(x, x, gram);
        CommonOps_DDRM.addEquals(precision, 1 / NOISE, gram);
        DMatrixRMaj cov = new DMatrixRMaj(m, m);
        assertTrue(CommonOps_DDRM.invert(precision, cov));
        DMatrixRMaj xty = new DMatrixRMaj(m, y.numCols);
        CommonOps_DDRM.multTransA(x, y, xty);
        DMatrixRMaj mean = new DMatrixRMaj(m, y.numCols);
        CommonOps_DDRM.mult(1 / NOISE, cov, xty, mean);
        return new DMatrixRMaj[] {mean, cov};
    }

    private static void assertRelativelyClose(DMatrixRMaj expected, double[][] actual, double tolerance) {
        double scale = CommonOps_DDRM.elementMaxAbs(expected);
        for (int i = 0; i < expected.numRows; i++) {
            for (int j = 0; j < expected.numCols; j++) {
                assertEquals(expected.get(i, j), actual[i][j], tolerance * scale, "entry " + i + "," + j);
            }
        }
    }

    @Test
    void regressorWithoutForgettingIsBayesianLinearRegression() {
        Random random = new Random(1);
        int m = 4;
        int t = 60;
        double[][] phi = randomMatrix(random, t, m);
        double[][] y = new double[t][1];
        KalmanRegressor regressor = new KalmanRegressor(fixedGamma(1.0));
        for (int i = 0; i < t; i++) {
            y[i][0] = phi[i][0] - 2 * phi[i][3] + random.nextGaussian();
            regressor.learn(phi[i], y[i][0]);
        }
        DMatrixRMaj[] reference = bayesianLinearRegression(phi, y);
        double[] mean = regressor.posteriorMean();
        double[][] meanColumn = new double[m][1];
        for (int i = 0; i < m; i++) {
            meanColumn[i][0] = mean[i];
        }
        assertRelativelyClose(reference[0], meanColumn, 1e-9);
        assertRelativelyClose(reference[1], regressor.posteriorCovariance(), 1e-9);
        assertEquals(t, regressor.version());
    }

    @Test
    void classifierWithoutForgettingIsBayesianRegressionOnOneHotTargetsIncludingLateClasses() {
        Random random = new Random(2);
        int m = 3;
        int t = 40;
        double[][] phi = randomMatrix(random, t, m);
        int[] labels = new int[t];
        KalmanClassifier classifier = new KalmanClassifier(fixedGamma(1.0));
        for (int i = 0; i < t; i++) {
            // class 2 first appears at step 25, class 1 never: their columns must still be exact
            labels[i] = i < 25 ? (phi[i][0] > 0 ? 0 : 3) : random.nextInt(4) == 1 ? 2 : 0;
            classifier.learn(phi[i], labels[i]);
        }
        assertEquals(4, classifier.numClasses());
        double[][] oneHot = new double[t][4];
        for (int i = 0; i < t; i++) {
            oneHot[i][labels[i]] = 1;
        }
        DMatrixRMaj[] reference = bayesianLinearRegression(phi, oneHot);
        assertRelativelyClose(reference[0], classifier.posteriorMean(), 1e-9);
        assertRelativelyClose(reference[1], classifier.posteriorCovariance(), 1e-9);
    }

    @Test
    void withForgettingOneStepDensitiesAndFilteringMarginalMatchTheJointGaussian() {
        Random random = new Random(3);
        int m = 2;
        int t = 5;
        double gamma = 0.8;
        double[][] phi = randomMatrix(random, t, m);
        double[] y = new double[t];
        for (int i = 0; i < t; i++) {
            y[i] = random.nextGaussian();
        }
        KalmanRegressor regressor = new KalmanRegressor(fixedGamma(gamma));
        double sumLogDensity = 0;
        for (int i = 0; i < t; i++) {
            sumLogDensity += regressor.logPredictiveDensity(phi[i], y[i]);
            regressor.learn(phi[i], y[i]);
        }

        // Cov(w_a, w_b) = γ^|a−b| σ0² I, so Cov(y_a, y_b) = γ^|a−b| σ0² φ_aᵀφ_b + σ² [a = b].
        DMatrixRMaj sigma = new DMatrixRMaj(t, t);
        DMatrixRMaj cross = new DMatrixRMaj(m, t); // Cov(w_T, y_b) = γ^{T−b} σ0² φ_b
        for (int a = 0; a < t; a++) {
            for (int b = 0; b < t; b++) {
                double dot = phi[a][0] * phi[b][0] + phi[a][1] * phi[b][1];
                sigma.set(a, b, Math.pow(gamma, Math.abs(a - b)) * PRIOR * dot + (a == b ? NOISE : 0));
            }
            for (int i = 0; i < m; i++) {
                cross.set(i, a, Math.pow(gamma, t - 1 - a) * PRIOR * phi[a][i]);
            }
        }
        DMatrixRMaj sigmaInv = new DMatrixRMaj(t, t);
        assertTrue(CommonOps_DDRM.invert(sigma, sigmaInv));
        DMatrixRMaj yv = new DMatrixRMaj(t, 1, true, y);
        DMatrixRMaj solved = new DMatrixRMaj(t, 1);
        CommonOps_DDRM.mult(sigmaInv, yv, solved);
        double quadratic = CommonOps_DDRM.dot(yv, solved);
        double jointLogDensity =
                -0.5 * (t * Math.log(2 * Math.PI) + Math.log(CommonOps_DDRM.det(sigma)) + quadratic);
        assertEquals(jointLogDensity, sumLogDensity, 1e-9 * Math.abs(jointLogDensity));

        DMatrixRMaj mean = new DMatrixRMaj(m, 1);
        CommonOps_DDRM.mult(cross, solved, mean);
        DMatrixRMaj crossSigmaInv = new DMatrixRMaj(m, t);
        CommonOps_DDRM.mult(cross, sigmaInv, crossSigmaInv);
        DMatrixRMaj cov = CommonOps_DDRM.identity(m);
        CommonOps_DDRM.scale(PRIOR, cov);
        DMatrixRMaj explained = new DMatrixRMaj(m, m);
        CommonOps_DDRM.multTransB(crossSigmaInv, cross, explained);
        CommonOps_DDRM.subtractEquals(cov, explained);
        double[] filtered = regressor.posteriorMean();
        assertRelativelyClose(mean, new double[][] {{filtered[0]}, {filtered[1]}}, 1e-9);
        assertRelativelyClose(cov, regressor.posteriorCovariance(), 1e-9);
    }
}
