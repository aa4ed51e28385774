package io.flinkdrift.core.learners.rls;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recursion equals batch weighted ridge regression: after t updates &beta; minimises
 * &Sigma;<sub>i&le;t</sub> &lambda;<sup>t&minus;i</sup>&Vert;y<sub>i</sub> &minus; &beta;&#7488;h<sub>i</sub>&Vert;&sup2;
 * + r<sub>t</sub>&Vert;&beta;&Vert;&sup2; with r<sub>t</sub> = &lambda;<sup>t</sup>reg (no
 * re-regularisation) or reg&middot;&lambda;<sup>t mod N</sup> (period N), solved directly with EJML.
 */
class RlsRecursionTest {

    private static final double TOLERANCE = 1e-8;
    private static final int INPUTS = 5;
    private static final double REG = 0.5;

    @ParameterizedTest(name = "lambda={0}, Ne={1}, period={2}")
    @CsvSource({"1.0, 0, 0", "0.98, 0, 0", "1.0, 3, 0", "0.98, 3, 0", "0.98, 3, 50", "0.95, 2, 7", "1.0, 3, 50"})
    void regressionMatchesBatchWeightedRidge(double lambda, int groups, int period) {
        RlsConfig config = config(lambda, groups, period);
        RvflRegressor regressor = new RvflRegressor(config);
        RandomFeatureMap map = new RandomFeatureMap(config);
        SplittableRandom random = new SplittableRandom(7);
        int steps = 300;
        double[][] h = new double[steps][];
        double[][] y = new double[steps][1];
        for (int t = 0; t < steps; t++) {
            double[] x = gaussian(random, INPUTS);
            y[t][0] = 2.0 * x[0] - x[1] + 0.5 * Math.sin(3 * x[2]) + 0.1 * random.nextDouble(-1, 1);
            h[t] = new double[config.featureDimension()];
            map.map(x, h[t]);
            regressor.learn(x, y[t][0]);
            if ((t + 1) % 37 == 0 || t == steps - 1) {
                double ridge = expectedRidge(config, t + 1);
                assertEquals(ridge, regressor.network().rls().effectiveRidge(), 1e-15 * ridge);
                assertColumnsMatch(batchSolve(h, y, t + 1, lambda, ridge, 1), regressor.network().rls());
            }
        }
    }

    @ParameterizedTest(name = "lambda={0}")
    @CsvSource({"1.0", "0.97"})
    void classificationMatchesBatchOneHotRidgeEvenWhenClassesAppearLate(double lambda) {
        RlsConfig config = config(lambda, 2, 0);
        RvflClassifier classifier = new RvflClassifier(config);
        RandomFeatureMap map = new RandomFeatureMap(config);
        SplittableRandom random = new SplittableRandom(11);
        int steps = 250;
        int classes = 4;
        double[][] h = new double[steps][];
        double[][] y = new double[steps][classes];
        for (int t = 0; t < steps; t++) {
            double[] x = gaussian(random, INPUTS);
            // class 3 first appears at t = 120: its column must equal the batch fit with zero past targets
            int label = t < 120 ? (x[0] > 0 ? 1 : 0) + (x[1] > 0.8 ? 1 : 0) : (x[0] + x[2] > 0 ? 3 : 2);
            y[t][label] = 1.0;
            h[t] = new double[config.featureDimension()];
            map.map(x, h[t]);
            classifier.learn(x, label);
            if (t == 119 || t == steps - 1) {
                int seen = classifier.numClasses();
                assertEquals(t == 119 ? 3 : 4, seen);
                double[][] reference = batchSolve(h, y, t + 1, lambda, expectedRidge(config, t + 1), seen);
                assertColumnsMatch(reference, classifier.network().rls());
                double[] probabilities = classifier.predictProbabilities(x);
                double sum = 0;
                for (double p : probabilities) {
                    sum += p;
                }
                assertEquals(1.0, sum, 1e-12);
            }
        }
    }

    private static RlsConfig config(double lambda, int groups, int period) {
        return RlsConfig.builder(INPUTS).forgetting(lambda).regularization(REG).enhancementGroups(groups)
                .nodesPerGroup(4).seed(3).reregularizationPeriod(period).standardizationSamples(0).build();
    }

    private static double expectedRidge(RlsConfig config, int t) {
        int period = config.reregularizationPeriod();
        int exponent = period > 0 ? t % period : t;
        return REG * Math.pow(config.forgetting(), exponent);
    }

    /** argmin &Sigma; &lambda;^{t-i}&Vert;y_i - &beta;&#7488;h_i&Vert;&sup2; + ridge&Vert;&beta;&Vert;&sup2;, by a direct solve. */
    static double[][] batchSolve(double[][] h, double[][] y, int t, double lambda, double ridge, int outputs) {
        int n = h[0].length;
        DMatrixRMaj gram = new DMatrixRMaj(n, n);
        DMatrixRMaj moments = new DMatrixRMaj(n, outputs);
        for (int i = 0; i < t; i++) {
            double weight = Math.pow(lambda, t - 1 - i);
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    gram.add(a, b, weight * h[i][a] * h[i][b]);
                }
                for (int k = 0; k < outputs; k++) {
                    moments.add(a, k, weight * h[i][a] * y[i][k]);
                }
            }
        }
        for (int a = 0; a < n; a++) {
            gram.add(a, a, ridge);
        }
        DMatrixRMaj beta = new DMatrixRMaj(n, outputs);
        assertTrue(CommonOps_DDRM.solve(gram, moments, beta));
        double[][] columns = new double[outputs][n];
        for (int k = 0; k < outputs; k++) {
            for (int a = 0; a < n; a++) {
                columns[k][a] = beta.get(a, k);
            }
        }
        return columns;
    }

    static void assertColumnsMatch(double[][] expected, ExponentiallyWeightedRls rls) {
        double[][] actual = rls.weightColumns();
        assertEquals(expected.length, actual.length);
        for (int k = 0; k < expected.length; k++) {
            double difference = 0;
            double norm = 0;
            for (int a = 0; a < expected[k].length; a++) {
                difference += Math.pow(expected[k][a] - actual[k][a], 2);
                norm += expected[k][a] * expected[k][a];
            }
            double relative = Math.sqrt(difference / norm);
            assertTrue(relative < TOLERANCE, "column " + k + " relative error " + relative);
        }
    }

    static double[] gaussian(SplittableRandom random, int d) {
        double[] x = new double[d];
        for (int i = 0; i < d; i++) {
            // Box-Muller, so that the stream does not depend on java.util.Random
            x[i] = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        }
        return x;
    }
}
