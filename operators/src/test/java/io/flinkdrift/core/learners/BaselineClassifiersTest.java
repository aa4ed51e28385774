package io.flinkdrift.core.learners;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BaselineClassifiersTest {

    private static final double[] X = {0.5};

    @Test
    void noChangePredictsThePreviousLabel() {
        NoChangeClassifier classifier = new NoChangeClassifier();
        assertArrayEquals(new double[0], classifier.predictProbabilities(X));
        classifier.learn(X, 2);
        assertArrayEquals(new double[] {0, 0, 1}, classifier.predictProbabilities(X));
        classifier.learn(X, 0);
        assertArrayEquals(new double[] {1, 0, 0}, classifier.predictProbabilities(X));
        assertEquals(3, classifier.numClasses());
        assertEquals(2, classifier.version());
    }

    @Test
    void noChangeAccuracyOnASequenceEqualsTheFractionOfRepeats() {
        int[] labels = {1, 1, 0, 0, 0, 1, 0, 0, 1, 1};
        NoChangeClassifier classifier = new NoChangeClassifier();
        int correct = 0;
        for (int label : labels) {
            if (Learners.argmax(classifier.predictProbabilities(X)) == label) {
                correct++;
            }
            classifier.learn(X, label);
        }
        assertEquals(5, correct); // repeats at positions 1, 3, 4, 7, 9
    }

    @Test
    void majorityGivesLaplaceSmoothedFrequencies() {
        MajorityClassifier classifier = new MajorityClassifier();
        classifier.learn(X, 1);
        classifier.learn(X, 1);
        classifier.learn(X, 0);
        classifier.learn(X, 3);
        // counts (1, 2, 0, 1), n = 4, K = 4: (n_k + 1) / (n + K)
        assertArrayEquals(new double[] {2 / 8.0, 3 / 8.0, 1 / 8.0, 2 / 8.0}, classifier.predictProbabilities(X), 0);
        assertEquals(1, Learners.argmax(classifier.predictProbabilities(X)));
    }

    @Test
    void codecsRoundTripExactly() {
        MajorityClassifier majority = new MajorityClassifier();
        NoChangeClassifier noChange = new NoChangeClassifier();
        for (int i = 0; i < 50; i++) {
            majority.learn(X, i % 7 % 3);
            noChange.learn(X, i % 5);
        }
        MajorityClassifier majorityCopy = new MajorityClassifier.Codec().copy(majority);
        NoChangeClassifier noChangeCopy = new NoChangeClassifier.Codec().copy(noChange);
        assertArrayEquals(majority.predictProbabilities(X), majorityCopy.predictProbabilities(X), 0);
        assertEquals(majority.version(), majorityCopy.version());
        assertArrayEquals(noChange.predictProbabilities(X), noChangeCopy.predictProbabilities(X), 0);
        assertEquals(noChange.version(), noChangeCopy.version());
    }

    @Test
    void negativeClassIndicesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MajorityClassifier().learn(X, -1));
        assertThrows(IllegalArgumentException.class, () -> new NoChangeClassifier().learn(X, -1));
    }

    @Test
    void argmaxPrefersTheLowestIndexAmongTies() {
        assertEquals(-1, Learners.argmax(new double[0]));
        assertEquals(1, Learners.argmax(new double[] {0.2, 0.4, 0.4}));
    }
}
