package io.flinkdrift.core.learners.kalman;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkdrift.generators.SeaGenerator;
import io.flinkdrift.generators.StreamSettings;
import io.flinkdrift.records.Example;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default configuration on the SEA stream (features uniform in [0, 10], not in [0, 1]): seed
 * 42, 100,000 records, a concept change every 12,500 records, 10% label noise, a prequential loop
 * (predict, then learn). Before the normalised γ step and the learned noise variance, the defaults
 * scored 0.657 here; γ fixed at 1 scores 0.844. Measured with the current defaults: accuracy
 * 0.8577, recovery after the 7 changes in 500, 628, 990, 500, 514, 850, 500 records (500 is the
 * minimum: the first window lying wholly after the change).
 */
class KalmanSeaStreamTest {

    private static final int RECORDS = 100_000;
    private static final int CHANGE_EVERY = 12_500;
    private static final int WINDOW = 500;

    private static boolean[] correct;
    private static double minGamma = Double.POSITIVE_INFINITY;
    private static double maxGamma = Double.NEGATIVE_INFINITY;

    @BeforeAll
    static void runPrequentially() {
        SeaGenerator generator = new SeaGenerator(StreamSettings.ofSeed(42), CHANGE_EVERY, 0.1);
        KalmanClassifier classifier = new KalmanClassifier(KalmanConfig.defaults());
        correct = new boolean[RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            Example example = generator.generate(i);
            int label = (int) example.label;
            double[] p = classifier.predictProbabilities(example.features);
            int predicted = p.length > 1 && p[1] > p[0] ? 1 : 0;
            correct[i] = predicted == label;
            classifier.learn(example.features, label);
            minGamma = Math.min(minGamma, classifier.gamma());
            maxGamma = Math.max(maxGamma, classifier.gamma());
        }
    }

    private static double accuracy(int from, int to) {
        int hits = 0;
        for (int i = from; i < to; i++) {
            hits += correct[i] ? 1 : 0;
        }
        return hits / (double) (to - from);
    }

    @Test
    void defaultsReachTheAccuracyOfNoForgettingAndMore() {
        double accuracy = accuracy(0, RECORDS);
        assertTrue(accuracy >= 0.85, "prequential accuracy " + accuracy);
    }

    @Test
    void learnedGammaStaysStrictlyBetweenPointNineAndOne() {
        assertTrue(minGamma > 0.9 && maxGamma < 1, "γ in [" + minGamma + ", " + maxGamma + "]");
    }

    /**
     * After each of the 7 abrupt changes, the accuracy of the 500 records ending at change + r
     * (all after the change) is back within 0.05 of the 500 records before the change for some
     * r ≤ 1,500 (measured worst: 990).
     */
    @Test
    void windowedAccuracyRecoversWithinFifteenHundredRecordsOfEveryChange() {
        StringBuilder measured = new StringBuilder();
        int worst = 0;
        for (int change = CHANGE_EVERY; change < RECORDS; change += CHANGE_EVERY) {
            double before = accuracy(change - WINDOW, change);
            int r = WINDOW;
            while (change + r < RECORDS && accuracy(change + r - WINDOW, change + r) < before - 0.05) {
                r++;
            }
            measured.append(change).append(": ").append(r).append("; ");
            worst = Math.max(worst, r);
        }
        assertTrue(worst <= 1_500, "records to recover after each change: " + measured);
    }
}
