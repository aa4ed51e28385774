package io.flinkdrift.core.learners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkdrift.core.learners.calibration.CalibratedClassifier;
import io.flinkdrift.core.learners.calibration.OnlinePlattScaler;
import io.flinkdrift.core.learners.kalman.KalmanClassifier;
import io.flinkdrift.core.learners.kalman.KalmanConfig;
import io.flinkdrift.core.learners.rls.RlsConfig;
import io.flinkdrift.core.learners.rls.RvflRegressor;

import org.junit.jupiter.api.Test;

/**
 * The one learner interface over label types: a classifier's estimate is its most probable class
 * with its probabilities and it learns class indices only; a regressor's estimate is its predicted
 * value and it learns every real target.
 */
class OnlineLearnerTest {

    @Test
    void aClassifierEstimatesItsMostProbableClassAndLearnsClassIndicesOnly() {
        OnlineLearner majority = new MajorityClassifier();
        assertEquals(-1, majority.estimate(new double[] {0}).label(), "before any class");
        majority.learnLabel(new double[] {0}, 2);
        majority.learnLabel(new double[] {0}, 1);
        majority.learnLabel(new double[] {0}, 1);
        OnlineLearner.Estimate estimate = majority.estimate(new double[] {0});
        assertEquals(1, estimate.label());
        // Laplace-smoothed counts (0 + 1, 2 + 1, 1 + 1) / (3 + 3)
        assertArrayEquals(new double[] {1 / 6.0, 3 / 6.0, 2 / 6.0}, estimate.probabilities(), 1e-15);
        assertNull(majority.refusal(7));
        assertTrue(majority.refusal(1.5).contains("is not a class index"));
        assertTrue(majority.refusal(-1).contains("is not a class index"));
        assertThrows(IllegalArgumentException.class, () -> majority.learnLabel(new double[] {0}, 1.5));
        assertEquals(3, majority.version(), "a refused label is not learned");
    }

    @Test
    void aBinaryClassifierRefusesAThirdClass() {
        OnlineLearner calibrated = new CalibratedClassifier<>(new KalmanClassifier(KalmanConfig.defaults()),
                OnlinePlattScaler.builder().build());
        assertNull(calibrated.refusal(1));
        assertEquals("class label 2.0 is not a class index in [0, 2): the model is binary", calibrated.refusal(2));
    }

    @Test
    void aRegressorEstimatesItsPredictionWithoutProbabilitiesAndLearnsAnyTarget() {
        RvflRegressor rls = new RvflRegressor(RlsConfig.of(1, 1.0, 0, 0));
        OnlineLearner learner = rls;
        for (int t = 0; t < 20; t++) {
            learner.learnLabel(new double[] {t}, 2.5 * t - 1);
        }
        assertNull(learner.refusal(-3.7));
        OnlineLearner.Estimate estimate = learner.estimate(new double[] {4});
        assertEquals(rls.predict(new double[] {4}), estimate.label(), 0.0);
        assertArrayEquals(new double[0], estimate.probabilities());
        assertEquals(20, learner.version());
    }
}
