package io.flinkdrift.core.learners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkdrift.core.learners.kalman.KalmanClassifier;
import io.flinkdrift.core.learners.kalman.KalmanConfig;
import io.flinkdrift.core.learners.kalman.RandomFeatureKalmanClassifier;
import io.flinkdrift.core.learners.kalman.RandomFeatureKalmanSwitchCodec;
import io.flinkdrift.core.state.CodecBytes;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NoChangeSwitchTest {

    private static final double RATE = 0.05;
    private static final int DIMENSION = 3;
    private static final KalmanConfig STANDARDIZED = KalmanConfig.builder().standardizationSamples(50).build();

    /**
     * A labelled stream with {@code classes} classes, numbered in order of first appearance, whose
     * label is the largest of {@code classes} random projections of the features in blocks of 500
     * records (where a model wins) and, in the blocks between, a persisting label that changes with
     * probability 0.05 per record (where no-change wins).
     */
    private static final class Stream {
        final double[][] features;
        final int[] labels;

        Stream(long seed, int records, int classes) {
            Random random = new Random(seed);
            double[][] projections = new double[classes][DIMENSION];
            for (double[] projection : projections) {
                for (int j = 0; j < DIMENSION; j++) {
                    projection[j] = random.nextGaussian();
                }
            }
            features = new double[records][DIMENSION];
            labels = new int[records];
            int persisting = 0;
            for (int i = 0; i < records; i++) {
                for (int j = 0; j < DIMENSION; j++) {
                    features[i][j] = 3 * random.nextGaussian() + j;
                }
                boolean sticky = (i / 500) % 2 == 1;
                if (sticky) {
                    if (random.nextDouble() < 0.05) {
                        persisting = random.nextInt(classes);
                    }
                    labels[i] = persisting;
                } else {
                    labels[i] = largestProjection(projections, features[i]);
                }
            }
            int[] firstAppearance = new int[classes];
            Arrays.fill(firstAppearance, -1);
            int seen = 0;
            for (int i = 0; i < records; i++) {
                if (firstAppearance[labels[i]] < 0) {
                    firstAppearance[labels[i]] = seen++;
                }
                labels[i] = firstAppearance[labels[i]];
            }
        }

        private static int largestProjection(double[][] projections, double[] x) {
            int best = 0;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < projections.length; c++) {
                double value = 0;
                for (int j = 0; j < DIMENSION; j++) {
                    value += projections[c][j] * x[j];
                }
                if (value > bestValue) {
                    best = c;
                    bestValue = value;
                }
            }
            return best;
        }
    }

    private static NoChangeSwitch<RandomFeatureKalmanClassifier> kalmanRvflSwitch() {
        return new NoChangeSwitch<>(new RandomFeatureKalmanClassifier(STANDARDIZED, DIMENSION, 2, 10), RATE);
    }

    /** The prequential predicted classes of {@code model} on {@code labels}. */
    private static int[] predictions(OnlineClassifier model, double[][] features, int[] labels) {
        int[] predicted = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            predicted[i] = Learners.argmax(model.predictProbabilities(features[i]));
            model.learn(features[i], labels[i]);
        }
        return predicted;
    }

    private static double accuracy(int[] predicted, int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        return correct / (double) labels.length;
    }

    /**
     * The switch recomputed from its definition with a second, identical base model and no-change
     * (the labels are numbered by first appearance, so the base models see the same indices).
     */
    @Test
    void predictsWithTheLeaderOfTheExponentiallyWeightedAccuraciesComputedByHand() {
        Stream stream = new Stream(1, 3000, 3);
        NoChangeSwitch<KalmanClassifier> model =
                new NoChangeSwitch<>(new KalmanClassifier(STANDARDIZED), RATE);
        KalmanClassifier reference = new KalmanClassifier(STANDARDIZED);
        double modelAccuracy = 0;
        double noChangeAccuracy = 0;
        int last = -1;
        int noChangeChoices = 0;
        for (int i = 0; i < stream.labels.length; i++) {
            double[] x = stream.features[i];
            int y = stream.labels[i];
            double[] base = reference.predictProbabilities(x);
            int baseChoice = Learners.argmax(base);
            boolean unique = baseChoice >= 0
                    && Arrays.stream(base).filter(p -> p == base[baseChoice]).count() == 1;
            double[] expected = new double[reference.numClasses()];
            if (last >= 0 && unique && modelAccuracy > noChangeAccuracy) {
                expected = base;
            } else if (last >= 0) {
                expected[last] = 1;
                noChangeChoices++;
            }
            assertArrayEquals(expected, model.predictProbabilities(x), 0.0, "record " + i);
            modelAccuracy += RATE * ((unique && baseChoice == y ? 1 : 0) - modelAccuracy);
            noChangeAccuracy += RATE * ((last == y ? 1 : 0) - noChangeAccuracy);
            last = y;
            model.learn(x, y);
            reference.learn(x, y);
        }
        assertEquals(modelAccuracy, model.modelAccuracy(), 0.0);
        assertEquals(noChangeAccuracy, model.noChangeAccuracy(), 0.0);
        assertTrue(noChangeChoices > 300 && noChangeChoices < 2700, "both predictors lead at times: " + noChangeChoices);
    }

    @Test
    void accuracyIsTheSameWhateverTheClassNumbering() {
        int classes = 6;
        Stream stream = new Stream(2, 4000, classes);
        int[] reference = predictions(kalmanRvflSwitch(), stream.features, stream.labels);
        Random random = new Random(3);
        for (int trial = 0; trial < 5; trial++) {
            // Sparse indices up to 40 (as if 40 classes were declared up front), randomly permuted.
            int[] renumbering = random.ints(0, 40).distinct().limit(classes).toArray();
            int[] renumbered = Arrays.stream(stream.labels).map(y -> renumbering[y]).toArray();
            int[] predicted = predictions(kalmanRvflSwitch(), stream.features, renumbered);
            for (int i = 0; i < predicted.length; i++) {
                int expected = reference[i] < 0 ? -1 : renumbering[reference[i]];
                assertEquals(expected, predicted[i], "record " + i + " under renumbering " + Arrays.toString(renumbering));
            }
            assertEquals(accuracy(reference, stream.labels), accuracy(predicted, renumbered), 0.0);
        }
    }

    @Test
    void isNoWorseThanEitherPredictorAloneUpToTheCostOfSwitching() {
        Stream stream = new Stream(4, 20_000, 4);
        double switched = accuracy(predictions(kalmanRvflSwitch(), stream.features, stream.labels), stream.labels);
        double model = accuracy(predictions(new RandomFeatureKalmanClassifier(STANDARDIZED, DIMENSION, 2, 10),
                stream.features, stream.labels), stream.labels);
        double noChange = accuracy(predictions(new NoChangeClassifier(), stream.features, stream.labels),
                stream.labels);
        // Half the blocks favour each predictor, so the switch beats both by following the leader;
        // the margin allows for the ~1/rate records it lags behind after each change of leader.
        assertTrue(switched > Math.max(model, noChange) + 0.05,
                "switch " + switched + ", model " + model + ", no-change " + noChange);
    }

    @Test
    void restoresFromItsStateAndGoesOnIdentically() throws Exception {
        Stream stream = new Stream(5, 1500, 5);
        NoChangeSwitch<RandomFeatureKalmanClassifier> model = kalmanRvflSwitch();
        RandomFeatureKalmanSwitchCodec codec = new RandomFeatureKalmanSwitchCodec();
        NoChangeSwitch<RandomFeatureKalmanClassifier> restored = null;
        for (int i = 0; i < stream.labels.length; i++) {
            if (i == 20 || i == 700) { // while the base model buffers, and after
                model.predictProbabilities(stream.features[i]); // a cached prediction is not state
                restored = CodecBytes.decode(codec, CodecBytes.encode(codec, model));
            }
            if (restored != null) {
                assertArrayEquals(model.predictProbabilities(stream.features[i]),
                        restored.predictProbabilities(stream.features[i]), 0.0, "record " + i);
                restored.learn(stream.features[i], stream.labels[i]);
            }
            model.learn(stream.features[i], stream.labels[i]);
        }
        assertEquals(model.version(), restored.version());
        assertEquals(model.modelAccuracy(), restored.modelAccuracy(), 0.0);
    }

    @Test
    void badInputChangesNothing() {
        NoChangeSwitch<KalmanClassifier> model = new NoChangeSwitch<>(new KalmanClassifier(KalmanConfig.defaults()), RATE);
        model.learn(new double[] {1, 2}, 7);
        assertThrows(IllegalArgumentException.class, () -> model.learn(new double[] {1, Double.NaN}, 3));
        assertThrows(IllegalArgumentException.class, () -> model.learn(new double[] {1, 2}, -1));
        assertThrows(IllegalArgumentException.class, () -> model.learn(new double[] {1, 2, 3}, 3));
        assertEquals(1, model.version());
        assertEquals(8, model.numClasses());
        assertEquals(1, model.base().numClasses());
        double[] expected = new double[8];
        expected[7] = 1;
        assertArrayEquals(expected, model.predictProbabilities(new double[] {1, 2}), 0.0);
        assertThrows(IllegalArgumentException.class, () -> new NoChangeSwitch<>(new NoChangeClassifier(), 0));
    }
}
