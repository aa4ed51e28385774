package io.flinkdrift.core.learners.pa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkdrift.core.learners.FrozenStandardizer;
import io.flinkdrift.core.learners.Learners;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * PA-I (Crammer et al., JMLR 2006) against the update worked out by hand on a few steps and against
 * a brute-force reference over the paper's joint feature map Φ(x, y); the margin it restores; the
 * input standardisation; the codec round trip.
 */
class PassiveAggressiveClassifierTest {

    private static final double EXACT = 1e-12;

    @Test
    void theFirstStepsMatchTheUpdateWorkedOutByHand() {
        PassiveAggressiveClassifier pa = new PassiveAggressiveClassifier(1.0, false, 0);
        assertArrayEquals(new double[0], pa.predictProbabilities(new double[] {1, 2}));
        // one class: no rival, nothing learned
        pa.learn(new double[] {1, 2}, 0);
        assertArrayEquals(new double[] {0, 0}, pa.weights()[0], 0.0);
        assertArrayEquals(new double[] {1.0}, pa.predictProbabilities(new double[] {1, 2}), 0.0);
        // x = (1, 0), y = 1: scores 0, 0; rival 0; loss 1; tau = min(1, 1 / (2 * 1)) = 0.5
        pa.learn(new double[] {1, 0}, 1);
        assertArrayEquals(new double[] {-0.5, 0}, pa.weights()[0], EXACT);
        assertArrayEquals(new double[] {0.5, 0}, pa.weights()[1], EXACT);
        // x = (0, 1), y = 0: scores 0, 0; rival 1; loss 1; tau = 0.5
        pa.learn(new double[] {0, 1}, 0);
        assertArrayEquals(new double[] {-0.5, 0.5}, pa.weights()[0], EXACT);
        assertArrayEquals(new double[] {0.5, -0.5}, pa.weights()[1], EXACT);
        // x = (2, 0), y = 1: scores -1, 1, margin 2 >= 1: passive
        pa.learn(new double[] {2, 0}, 1);
        assertArrayEquals(new double[] {-0.5, 0.5}, pa.weights()[0], EXACT);
        // x = (1, 1), y = 0: scores 0, 0; loss 1; ||x||^2 = 2; tau = min(1, 1 / 4) = 0.25
        pa.learn(new double[] {1, 1}, 0);
        assertArrayEquals(new double[] {-0.25, 0.75}, pa.weights()[0], EXACT);
        assertArrayEquals(new double[] {0.25, -0.75}, pa.weights()[1], EXACT);
        assertEquals(5, pa.version());
        // probabilities: the softmax of the scores -0.25 and 0.25 at x = (1, 0)
        double p1 = Math.exp(0.25) / (Math.exp(-0.25) + Math.exp(0.25));
        assertArrayEquals(new double[] {1 - p1, p1}, pa.predictProbabilities(new double[] {1, 0}), EXACT);
    }

    @Test
    void theAggressivenessCapsTheStepAndTheBiasIsAConstantFeature() {
        PassiveAggressiveClassifier pa = new PassiveAggressiveClassifier(0.1, true, 0);
        // phi = (1, 1, 1), y = 2: classes 0..2, scores 0; rival 0; loss 1; 1 / (2 * 3) > C = 0.1
        pa.learn(new double[] {1, 1}, 2);
        assertArrayEquals(new double[] {-0.1, -0.1, -0.1}, pa.weights()[0], EXACT);
        assertArrayEquals(new double[] {0, 0, 0}, pa.weights()[1], 0.0);
        assertArrayEquals(new double[] {0.1, 0.1, 0.1}, pa.weights()[2], EXACT);
        // phi = (2, 0, 1), y = 1: scores -0.3, 0, 0.3; rival 2; loss 1.3; 1.3 / (2 * 5) = 0.13 > C
        pa.learn(new double[] {2, 0}, 1);
        assertArrayEquals(new double[] {0.2, 0, 0.1}, pa.weights()[1], EXACT);
        assertArrayEquals(new double[] {-0.1, 0.1, 0.0}, pa.weights()[2], EXACT);
    }

    @Test
    void matchesTheBruteForceUpdateOverTheJointFeatureMap() {
        for (double c : new double[] {0.01, 1.0}) {
            for (boolean bias : new boolean[] {false, true}) {
                int d = 3;
                int classes = 4;
                int m = d + (bias ? 1 : 0);
                PassiveAggressiveClassifier pa = new PassiveAggressiveClassifier(c, bias, 0);
                double[] w = new double[classes * m];
                int seen = 0;
                Random random = new Random(3);
                for (int t = 0; t < 500; t++) {
                    double[] x = {random.nextGaussian(), random.nextGaussian() + 1, 3 * random.nextGaussian()};
                    int y = Math.floorMod((int) Math.floor(x[0] + x[1] * x[2] / 3 + 0.3 * random.nextGaussian()),
                            classes);
                    double[] phi = bias ? new double[] {x[0], x[1], x[2], 1} : x;
                    assertEquals(bruteForcePrediction(w, phi, classes, seen),
                            Learners.argmax(pa.predictProbabilities(x)), "prediction " + t);
                    pa.learn(x, y);
                    seen = Math.max(seen, y + 1);
                    if (seen >= 2) {
                        int s = -1;
                        for (int r = 0; r < seen; r++) {
                            if (r != y && (s < 0 || dot(w, joint(phi, r, classes)) > dot(w, joint(phi, s, classes)))) {
                                s = r;
                            }
                        }
                        double[] difference = joint(phi, y, classes);
                        double[] rival = joint(phi, s, classes);
                        for (int j = 0; j < difference.length; j++) {
                            difference[j] -= rival[j];
                        }
                        double loss = Math.max(0, 1 - dot(w, difference));
                        double tau = Math.min(c, loss / dot(difference, difference));
                        for (int j = 0; j < w.length; j++) {
                            w[j] += tau * difference[j];
                        }
                    }
                }
                for (int r = 0; r < seen; r++) {
                    double[] expected = new double[m];
                    System.arraycopy(w, r * m, expected, 0, m);
                    assertArrayEquals(expected, pa.weights()[r], 1e-9, "C " + c + ", bias " + bias + ", class " + r);
                }
            }
        }
    }

    @Test
    void anUncappedStepLeavesTheExampleAtMarginOneAndACorrectOneUntouched() {
        PassiveAggressiveClassifier pa = new PassiveAggressiveClassifier(1e9, true, 0);
        pa.learn(new double[] {0, 0}, 1);
        Random random = new Random(5);
        int updates = 0;
        for (int t = 0; t < 200; t++) {
            double[] x = {random.nextGaussian(), random.nextGaussian()};
            int y = x[0] + 0.5 * random.nextGaussian() > 0 ? 1 : 0;
            double before = margin(pa, x, y);
            double[][] weights = {pa.weights()[0].clone(), pa.weights()[1].clone()};
            pa.learn(x, y);
            if (before >= 1) {
                assertArrayEquals(weights[0], pa.weights()[0], 0.0, "passive at step " + t);
                assertArrayEquals(weights[1], pa.weights()[1], 0.0, "passive at step " + t);
            } else {
                assertEquals(1.0, margin(pa, x, y), 1e-9, "margin after the step " + t);
                updates++;
            }
        }
        assertTrue(updates > 20, "updates " + updates);
    }

    /** The score of class y minus the score of the other class, for a binary model. */
    private static double margin(PassiveAggressiveClassifier pa, double[] x, int y) {
        double[] scores = scores(pa, x);
        return scores[y] - scores[1 - y];
    }

    @Test
    void standardisesOnTheFirstExamplesAndThenLearnsThemInOrder() {
        int b = 20;
        PassiveAggressiveClassifier standardized = new PassiveAggressiveClassifier(0.5, true, b);
        PassiveAggressiveClassifier raw = new PassiveAggressiveClassifier(0.5, true, 0);
        Random random = new Random(8);
        double[][] rows = new double[b][];
        int[] labels = new int[b];
        for (int t = 0; t < b; t++) {
            rows[t] = new double[] {100 + 10 * random.nextGaussian(), 0.01 * random.nextGaussian()};
            labels[t] = rows[t][1] > 0 ? 1 : 0;
            double[] probabilities = standardized.predictProbabilities(rows[t]);
            for (double p : probabilities) {
                assertEquals(1.0 / probabilities.length, p, 0.0, "uniform while buffering");
            }
            standardized.learn(rows[t], labels[t]);
        }
        FrozenStandardizer standardizer = FrozenStandardizer.fit(rows, b);
        for (int t = 0; t < b; t++) {
            double[] z = new double[2];
            standardizer.apply(rows[t], z);
            raw.learn(z, labels[t]);
        }
        assertEquals(b, standardized.version());
        for (int r = 0; r < 2; r++) {
            assertArrayEquals(raw.weights()[r], standardized.weights()[r], 0.0);
        }
    }

    @Test
    void refusesInvalidArgumentsAndAnotherDimension() {
        assertThrows(IllegalArgumentException.class, () -> new PassiveAggressiveClassifier(0, true, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new PassiveAggressiveClassifier(Double.POSITIVE_INFINITY, true, 0));
        assertThrows(IllegalArgumentException.class, () -> new PassiveAggressiveClassifier(1, true, -1));
        PassiveAggressiveClassifier pa = new PassiveAggressiveClassifier(1, true, 0);
        assertThrows(IllegalArgumentException.class, () -> pa.learn(new double[] {1, 2}, -1));
        assertThrows(IllegalArgumentException.class, () -> pa.learn(new double[] {Double.NaN}, 0));
        pa.learn(new double[] {1, 2}, 0);
        assertThrows(IllegalArgumentException.class, () -> pa.learn(new double[] {1, 2, 3}, 1));
        assertThrows(IllegalArgumentException.class, () -> pa.predictProbabilities(new double[] {1}));
    }

    private static double[] scores(PassiveAggressiveClassifier pa, double[] x) {
        double[] scores = new double[pa.numClasses()];
        for (int r = 0; r < scores.length; r++) {
            double[] w = pa.weights()[r];
            for (int j = 0; j < x.length; j++) {
                scores[r] += w[j] * x[j];
            }
            scores[r] += pa.bias() ? w[x.length] : 0;
        }
        return scores;
    }

    /** argmax over the first {@code seen} classes of w·Φ(x, r), the lowest among ties; -1 if none. */
    private static int bruteForcePrediction(double[] w, double[] phi, int classes, int seen) {
        int best = -1;
        for (int r = 0; r < seen; r++) {
            if (best < 0 || dot(w, joint(phi, r, classes)) > dot(w, joint(phi, best, classes))) {
                best = r;
            }
        }
        return best;
    }

    /** Φ(x, r): x in the block of class r, zeros elsewhere. */
    private static double[] joint(double[] phi, int r, int classes) {
        double[] out = new double[classes * phi.length];
        System.arraycopy(phi, 0, out, r * phi.length, phi.length);
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }
}
