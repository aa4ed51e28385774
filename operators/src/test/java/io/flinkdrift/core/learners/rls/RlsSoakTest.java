package io.flinkdrift.core.learners.rls;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Long runs on a stream that never excites one direction (the third input equals the bias
 * feature), the situation in which forgetting RLS winds up its covariance.
 */
class RlsSoakTest {

    private static final double LAMBDA = 0.994;
    private static final double REG = 0.1;
    private static final int PERIOD = 1000;

    @Test
    void millionUpdatesWithReregularizationKeepCovarianceSymmetricPositiveDefiniteAndBounded() {
        RlsConfig config = config(PERIOD);
        RvflRegressor model = new RvflRegressor(config);
        ExponentiallyWeightedRls rls = model.network().rls();
        int n = config.featureDimension();
        // after a top-up every eigenvalue of P is below 1/s; m updates later below lambda^-m / s
        double topUpBound = 1.0 / ((1 - Math.pow(LAMBDA, PERIOD)) * REG);
        SplittableRandom random = new SplittableRandom(42);
        double[] x = new double[3];
        for (int t = 1; t <= 1_000_000; t++) {
            fill(random, x);
            model.learn(x, 2 * x[0] - x[1] + 0.01 * random.nextDouble(-1, 1));
            if (t % PERIOD == 0) {
                assertHealthy(rls.covarianceArray(), n, topUpBound);
            }
        }
        model.learn(new double[] {0.3, 0.1, 1.0}, 0.5);
        assertHealthy(rls.covarianceArray(), n, topUpBound / LAMBDA);
        assertEquals(1_000_001, rls.updates());
        double[] query = {0.7, -0.4, 1.0};
        assertEquals(2 * 0.7 + 0.4, model.predict(query), 0.02);
    }

    @Test
    void withoutReregularizationTheSameStreamWindsTheCovarianceUp() {
        RvflRegressor model = new RvflRegressor(config(0));
        SplittableRandom random = new SplittableRandom(42);
        double[] x = new double[3];
        for (int t = 1; t <= 150_000; t++) {
            fill(random, x);
            model.learn(x, 2 * x[0] - x[1]);
        }
        double trace = model.network().rls().covarianceTrace();
        double healthyBound = config(PERIOD).featureDimension() / ((1 - Math.pow(LAMBDA, PERIOD)) * REG);
        // in exact arithmetic the trace would grow like lambda^-t (overflow); rounding stops it lower
        assertTrue(trace > 1e9 * healthyBound, "trace " + trace);
    }

    private static RlsConfig config(int period) {
        return RlsConfig.builder(3).forgetting(LAMBDA).regularization(REG).enhancementGroups(1).nodesPerGroup(3)
                .reregularizationPeriod(period).standardizationSamples(0).build();
    }

    private static void fill(SplittableRandom random, double[] x) {
        x[0] = random.nextDouble(-1, 1);
        x[1] = random.nextDouble(-1, 1);
        x[2] = 1.0;
    }

    private static void assertHealthy(double[] covariance, int n, double eigenvalueBound) {
        DMatrixRMaj p = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double value = covariance[i * n + j];
                assertTrue(Double.isFinite(value));
                assertEquals(value, covariance[j * n + i], 0.0);
                p.set(i, j, value);
            }
        }
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += p.get(i, i);
        }
        // trace >= largest eigenvalue for a PSD matrix
        assertTrue(trace <= n * eigenvalueBound, "trace " + trace + " bound " + n * eigenvalueBound);
        CholeskyDecomposition_F64<DMatrixRMaj> cholesky = DecompositionFactory_DDRM.chol(n, true);
        assertTrue(cholesky.decompose(p), "covariance is not positive definite");
    }
}
