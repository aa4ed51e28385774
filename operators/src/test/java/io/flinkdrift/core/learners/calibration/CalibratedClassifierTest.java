package io.flinkdrift.core.learners.calibration;

import io.flinkdrift.core.learners.OnlineClassifier;
import io.flinkdrift.core.learners.rls.RlsConfig;
import io.flinkdrift.core.learners.rls.RvflClassifier;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.SplittableRandom;

import static io.flinkdrift.core.learners.calibration.OnlinePlattScalerTest.roundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibratedClassifierTest {

    /** A base model whose class-1 probability is a known function of how many examples it has learned. */
    private static final class CountingClassifier implements OnlineClassifier {
        private long learned;

        @Override
        public double[] predictProbabilities(double[] features) {
            if (learned == 0) {
                return new double[0];
            }
            double p1 = 0.1 + 0.8 * ((learned * 7) % 10) / 10.0;
            return new double[] {1 - p1, p1};
        }

        @Override
        public void learn(double[] features, int classIndex) {
            learned++;
        }

        @Override
        public int numClasses() {
            return learned == 0 ? 0 : 2;
        }

        @Override
        public long version() {
            return learned;
        }
    }

    @Test
    void scalerLearnsTheBaseScoreFromBeforeTheBaseModelLearns() {
        CountingClassifier base = new CountingClassifier();
        CalibratedClassifier<CountingClassifier> calibrated =
                new CalibratedClassifier<>(base, OnlinePlattScaler.builder().build());
        OnlinePlattScaler reference = OnlinePlattScaler.builder().build();
        double[] x = {0.0};
        assertEquals(0, calibrated.predictProbabilities(x).length);
        calibrated.learn(x, 1); // no base score yet: the scaler does not learn
        for (int t = 0; t < 50; t++) {
            double preLearnScore = base.predictProbabilities(x)[1];
            double expected = reference.calibrate(preLearnScore);
            double[] p = calibrated.predictProbabilities(x);
            assertArrayEquals(new double[] {1 - expected, expected}, p, 0.0);
            int label = t % 3 == 0 ? 1 : 0;
            calibrated.learn(x, label);
            reference.update(preLearnScore, label == 1);
        }
        assertEquals(reference.slope(), calibrated.scaler().slope(), 0.0);
        assertEquals(50, reference.updates());
        assertEquals(51, calibrated.version());
    }

    @Test
    void nonBinaryLabelsAreRejectedWithoutChangingAnything() {
        CountingClassifier base = new CountingClassifier();
        CalibratedClassifier<CountingClassifier> calibrated =
                new CalibratedClassifier<>(base, OnlinePlattScaler.builder().build());
        calibrated.learn(new double[1], 0);
        assertThrows(IllegalArgumentException.class, () -> calibrated.learn(new double[1], 2));
        assertThrows(IllegalArgumentException.class, () -> calibrated.learn(new double[1], -1));
        assertEquals(1, base.version());
        assertEquals(0, calibrated.scaler().updates());
    }

    @Test
    void calibratedRlsClassifierImprovesCalibrationAndRoundTripsBitIdentically() throws IOException {
        // a plain RLS classifier on one-hot targets is a linear probability model: its softmax is
        // badly calibrated for logistic data, which online Platt scaling repairs
        RlsConfig config = RlsConfig.builder(2).plainRls().forgetting(1.0).build();
        CalibratedClassifier<RvflClassifier> model =
                new CalibratedClassifier<>(new RvflClassifier(config), OnlinePlattScaler.builder().build());
        SplittableRandom random = new SplittableRandom(12);
        int n = 8000;
        double[] raw = new double[n];
        double[] calibrated = new double[n];
        boolean[] outcomes = new boolean[n];
        for (int t = 0; t < n; t++) {
            if (t == 1234) {
                model = roundTrip(new CalibratedRvflClassifierCodec(), model);
            }
            double[] x = {OnlinePlattScalerTest.gaussian(random), OnlinePlattScalerTest.gaussian(random)};
            outcomes[t] = random.nextDouble() < 1 / (1 + Math.exp(-(2 * x[0] - x[1])));
            double[] base = model.base().predictProbabilities(x);
            raw[t] = base.length == 2 ? base[1] : 0.5;
            double[] p = model.predictProbabilities(x);
            calibrated[t] = p.length == 2 ? p[1] : 0.5;
            CalibratedClassifier<RvflClassifier> twin = roundTrip(new CalibratedRvflClassifierCodec(), model);
            if (t % 500 == 0) {
                assertArrayEquals(p, twin.predictProbabilities(x), 0.0);
            }
            model.learn(x, outcomes[t] ? 1 : 0);
        }
        double rawEce = OnlinePlattScalerTest.ece(raw, outcomes, n / 2, n);
        double calibratedEce = OnlinePlattScalerTest.ece(calibrated, outcomes, n / 2, n);
        System.out.printf("RLS softmax ECE %.4f, after online Platt scaling %.4f%n", rawEce, calibratedEce);
        assertTrue(calibratedEce < 0.03, "calibrated ECE " + calibratedEce);
        assertTrue(calibratedEce < rawEce / 2, "raw " + rawEce + " calibrated " + calibratedEce);
    }
}
