package io.flinkdrift.core.learners.kalman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkdrift.core.learners.FrozenStandardizer;
import io.flinkdrift.generators.SeaGenerator;
import io.flinkdrift.generators.StreamSettings;
import io.flinkdrift.records.Example;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The optional input standardisation of {@link KalmanClassifier} ({@code standardizationSamples}). */
class KalmanStandardizationTest {

    private static final int BATCH = 20;

    private static double[][] rows(Random random, int count) {
        double[][] x = new double[count][3];
        for (double[] row : x) {
            row[0] = 500 + 100 * random.nextGaussian();
            row[1] = 0.01 * random.nextGaussian();
            row[2] = random.nextGaussian();
        }
        return x;
    }

    /**
     * After B examples the classifier is, to the last bit, a classifier without standardisation fed
     * the same examples standardised by a {@link FrozenStandardizer} fitted on the first B; before,
     * it predicts uniformly over the classes seen and counts the buffered examples as versions.
     */
    @Test
    void warmUpBuffersThenReplaysExactlyTheStandardisedExamples() {
        Random random = new Random(3);
        double[][] x = rows(random, 60);
        int[] y = new int[x.length];
        for (int t = 0; t < y.length; t++) {
            y[t] = random.nextInt(3);
        }
        KalmanConfig plain = KalmanConfig.defaults();
        KalmanClassifier standardized = new KalmanClassifier(plain.toBuilder().standardizationSamples(BATCH).build());
        KalmanClassifier reference = new KalmanClassifier(plain);
        FrozenStandardizer standardizer = FrozenStandardizer.fit(x, BATCH);
        assertEquals(0, standardized.predictProbabilities(x[0]).length);
        int seen = 0;
        for (int t = 0; t < BATCH; t++) {
            standardized.learn(x[t], y[t]);
            seen = Math.max(seen, y[t] + 1);
            if (t < BATCH - 1) {
                assertTrue(standardized.standardizationPending());
                assertEquals(t + 1, standardized.version());
                assertEquals(seen, standardized.numClasses());
                double[] p = standardized.predictProbabilities(x[t + 1]);
                for (double pk : p) {
                    assertEquals(1.0 / seen, pk, 0.0);
                }
            }
        }
        assertFalse(standardized.standardizationPending());
        double[] z = new double[3];
        for (int t = 0; t < x.length; t++) {
            standardizer.apply(x[t], z);
            if (t >= BATCH) {
                assertArrayEquals(reference.predictProbabilities(z), standardized.predictProbabilities(x[t]), 0.0);
                standardized.learn(x[t], y[t]);
            }
            reference.learn(z, y[t]);
        }
        assertEquals(reference.version(), standardized.version());
        assertEquals(reference.gamma(), standardized.gamma(), 0.0);
        assertEquals(reference.temperature(), standardized.temperature(), 0.0);
        assertArrayEquals(reference.posteriorMean(), standardized.posteriorMean());
        assertArrayEquals(reference.posteriorCovariance(), standardized.posteriorCovariance());
    }

    @Test
    void badInputDuringWarmUpThrowsAndIsNotBuffered() {
        KalmanClassifier classifier =
                new KalmanClassifier(KalmanConfig.builder().standardizationSamples(BATCH).build());
        classifier.learn(new double[] {1, 2}, 0);
        assertThrows(IllegalArgumentException.class, () -> classifier.learn(new double[] {1, 2, 3}, 0));
        assertThrows(IllegalArgumentException.class, () -> classifier.predictProbabilities(new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> classifier.learn(new double[] {1, Double.NaN}, 0));
        assertThrows(IllegalArgumentException.class, () -> classifier.learn(new double[] {1, 2}, -1));
        assertEquals(1, classifier.version());
        assertThrows(IllegalArgumentException.class, () -> KalmanConfig.builder().standardizationSamples(-1));
        assertThrows(IllegalArgumentException.class,
                () -> KalmanConfig.builder().standardizationSamples(KalmanConfig.MAX_STANDARDIZATION_SAMPLES + 1));
    }

    private static byte[] bytes(KalmanClassifier classifier) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new KalmanClassifierCodec().write(classifier, new DataOutputStream(out));
        return out.toByteArray();
    }

    /** Restored while buffering and after the fit, the classifier replays bit-identically. */
    @Test
    void codecRoundTripsTheBufferAndTheFrozenStandardiser() throws IOException {
        KalmanClassifierCodec codec = new KalmanClassifierCodec();
        Random random = new Random(4);
        double[][] x = rows(random, 80);
        KalmanClassifier original =
                new KalmanClassifier(KalmanConfig.builder().standardizationSamples(BATCH).build());
        KalmanClassifier restoredWhilePending = null;
        KalmanClassifier restoredAfterFit = null;
        for (int t = 0; t < x.length; t++) {
            if (t == BATCH / 2) {
                restoredWhilePending = codec.copy(original);
                assertTrue(restoredWhilePending.standardizationPending());
            }
            if (t == BATCH + 5) {
                restoredAfterFit = codec.copy(original);
            }
            int label = random.nextInt(2);
            if (restoredAfterFit != null) {
                assertArrayEquals(original.predictProbabilities(x[t]), restoredAfterFit.predictProbabilities(x[t]), 0.0);
                restoredAfterFit.learn(x[t], label);
            }
            if (restoredWhilePending != null) {
                restoredWhilePending.learn(x[t], label);
            }
            original.learn(x[t], label);
        }
        assertArrayEquals(bytes(original), bytes(restoredWhilePending));
        assertArrayEquals(bytes(original), bytes(restoredAfterFit));
    }

    private static double seaAccuracy(KalmanConfig config, double scale, double shift) {
        SeaGenerator generator = new SeaGenerator(StreamSettings.ofSeed(42), 12_500, 0.1);
        KalmanClassifier classifier = new KalmanClassifier(config);
        int records = 50_000;
        int hits = 0;
        double[] x = new double[3];
        for (int i = 0; i < records; i++) {
            Example example = generator.generate(i);
            for (int j = 0; j < x.length; j++) {
                x[j] = example.features[j] * scale + shift;
            }
            int label = (int) example.label;
            double[] p = classifier.predictProbabilities(x);
            hits += (p.length > 1 && p[1] > p[0] ? 1 : 0) == label ? 1 : 0;
            classifier.learn(x, label);
        }
        return hits / (double) records;
    }

    /**
     * SEA (seed 42, first 50,000 records) with features mapped to [1000, 1000.1]: the raw defaults
     * fall below 0.70 (measured 0.587); standardisation on 500 examples reaches at least 0.80
     * (measured 0.829, the 500 warm-up records included; the 0.01 offset of the standardiser does
     * not vanish at this scale).
     */
    @Test
    void standardisationRescuesBadlyScaledFeatures() {
        KalmanConfig raw = KalmanConfig.defaults();
        KalmanConfig standardized = raw.toBuilder().standardizationSamples(500).build();
        double rawAccuracy = seaAccuracy(raw, 0.01, 1000);
        double standardizedAccuracy = seaAccuracy(standardized, 0.01, 1000);
        assertTrue(rawAccuracy < 0.70, "raw accuracy " + rawAccuracy);
        assertTrue(standardizedAccuracy >= 0.80, "standardised accuracy " + standardizedAccuracy);
    }
}
