package io.flinkdrift.core.learners.rls;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static io.flinkdrift.core.learners.rls.RlsRecursionTest.gaussian;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Abrupt concept change on a linear classification stream: x ~ N(0, I<sub>4</sub>), label 1 iff
 * w&middot;x &gt; 0; at t = 3000 the hyperplane is rotated by 90&deg; (w&prime; &perp; w). With the
 * default &lambda; = 1.003<sup>&minus;2</sup> the bound 3/(1 &minus; &lambda;) is 503 samples.
 */
class RvflDriftRecoveryTest {

    private static final int DRIFT_AT = 3000;
    private static final int LENGTH = 5000;
    private static final int WINDOW = 100;

    @Test
    void defaultLiteRvflRecoversWithinThreeEffectiveMemories() {
        RlsConfig config = RlsConfig.builder(4).seed(17).build();
        int[] correct = prequential(new RvflClassifier(config));
        double before = windowAccuracy(correct, DRIFT_AT);
        double justAfter = windowAccuracy(correct, DRIFT_AT + WINDOW);
        int recovery = recoveryTime(correct, before - 0.05);
        double bound = 3 / (1 - config.forgetting());
        System.out.printf("RVFL default: accuracy before %.3f, first window after %.3f, recovered after %d"
                + " samples (bound %.0f)%n", before, justAfter, recovery, bound);
        assertTrue(before >= 0.9, "pre-drift accuracy " + before);
        assertTrue(justAfter <= 0.8, "the drift did not hurt: " + justAfter);
        assertTrue(recovery <= bound, "recovery " + recovery);
    }

    @Test
    void withoutForgettingRecoveryIsFarSlower() {
        RlsConfig config = RlsConfig.builder(4).seed(17).forgetting(1.0).build();
        int[] correct = prequential(new RvflClassifier(config));
        double before = windowAccuracy(correct, DRIFT_AT);
        int recovery = recoveryTime(correct, before - 0.05);
        System.out.printf("RVFL lambda=1: accuracy before %.3f, recovered after %d samples%n", before, recovery);
        assertTrue(recovery > 3 / (1 - RlsConfig.forgettingFromTheta(RlsConfig.DEFAULT_THETA)));
    }

    private static int[] prequential(RvflClassifier model) {
        SplittableRandom random = new SplittableRandom(99);
        double[] before = {1, -1, 0.5, 0};
        double[] after = {1, 1, 0, -1};
        int[] correct = new int[LENGTH];
        for (int t = 0; t < LENGTH; t++) {
            double[] x = gaussian(random, 4);
            double[] w = t < DRIFT_AT ? before : after;
            int label = dot(w, x) > 0 ? 1 : 0;
            double[] p = model.predictProbabilities(x);
            int predicted = p.length == 2 && p[1] > p[0] ? 1 : 0;
            correct[t] = predicted == label ? 1 : 0;
            model.learn(x, label);
        }
        return correct;
    }

    /** Accuracy over the {@link #WINDOW} samples ending before {@code end}. */
    private static double windowAccuracy(int[] correct, int end) {
        int sum = 0;
        for (int t = end - WINDOW; t < end; t++) {
            sum += correct[t];
        }
        return sum / (double) WINDOW;
    }

    /** Samples after the drift until the trailing window accuracy first reaches {@code target}. */
    private static int recoveryTime(int[] correct, double target) {
        for (int end = DRIFT_AT + WINDOW; end <= LENGTH; end++) {
            if (windowAccuracy(correct, end) >= target) {
                return end - DRIFT_AT;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
