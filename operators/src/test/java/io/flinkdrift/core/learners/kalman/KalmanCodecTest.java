package io.flinkdrift.core.learners.kalman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkdrift.core.state.StateCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mid-stream codec round trips give bit-identical later behaviour; byte streams
 * of format version 1 still restore.
 */
class KalmanCodecTest {

    private static <T> byte[] bytes(StateCodec<T> codec, T value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(value, new DataOutputStream(out));
        return out.toByteArray();
    }

    @Test
    void classifierRestoredMidStreamReplaysBitIdentically() throws IOException {
        KalmanConfig config = KalmanConfig.builder()
                .predictive(KalmanConfig.Predictive.MONTE_CARLO)
                .monteCarloSamples(16)
                .seed(99)
                .learnTemperature(true)
                .learnNoise(true)
                .gammaLearningRate(1e-3)
                .build();
        KalmanClassifierCodec codec = new KalmanClassifierCodec();
        KalmanClassifier original = new KalmanClassifier(config);
        KalmanClassifier fresh = codec.copy(original);
        assertEquals(0, fresh.numClasses());
        Random random = new Random(5);
        double[] x = new double[3];
        for (int t = 0; t < 300; t++) {
            fill(random, x);
            original.learn(x, random.nextInt(3));
        }
        KalmanClassifier restored = codec.copy(original);
        KalmanClassifier learnOnly = codec.copy(original);
        assertEquals(config, restored.config());
        for (int t = 0; t < 300; t++) {
            fill(random, x);
            double[] expected = original.predictProbabilities(x);
            double[] actual = restored.predictProbabilities(x);
            assertArrayEquals(expected, actual, 0.0);
            int label = random.nextInt(4); // also grows K after the restore
            original.learn(x, label);
            restored.learn(x, label);
            learnOnly.learn(x, label); // learning without a preceding prediction: same bits
        }
        assertArrayEquals(bytes(codec, original), bytes(codec, learnOnly));
        assertEquals(original.version(), restored.version());
        assertEquals(original.gamma(), restored.gamma(), 0.0);
        assertEquals(original.temperature(), restored.temperature(), 0.0);
        assertArrayEquals(bytes(codec, original), bytes(codec, restored));
    }

    @Test
    void regressorRestoredMidStreamReplaysBitIdentically() throws IOException {
        KalmanRegressorCodec codec = new KalmanRegressorCodec();
        KalmanRegressor original = new KalmanRegressor(KalmanConfig.builder().learnNoise(true).build());
        Random random = new Random(6);
        double[] x = new double[2];
        for (int t = 0; t < 200; t++) {
            fill(random, x);
            original.learn(x, x[0] - x[1] + random.nextGaussian());
        }
        KalmanRegressor restored = codec.copy(original);
        for (int t = 0; t < 200; t++) {
            fill(random, x);
            assertEquals(original.predict(x), restored.predict(x), 0.0);
            assertEquals(original.predictiveVariance(x), restored.predictiveVariance(x), 0.0);
            double y = x[0] - x[1] + random.nextGaussian();
            original.learn(x, y);
            restored.learn(x, y);
        }
        assertArrayEquals(bytes(codec, original), bytes(codec, restored));
    }

    /** Written by the version-1 code (commit b5cab11): 5 steps of 3 classes, η = 1e-3. */
    private static final String CLASSIFIER_VERSION_1 = "P/AAAAAAAAA/uZmZmZmZmj/vrhR64UeuAT9QYk3S8an8PkV5juIwjDpANAAAA"
            + "AAAAAA/UGJN0vGp/AAGUFJPQklUAAAAZAAAAAAAAAAAP/AAAAAAAAABP4R64UeuFHsBAAAAAgAAAAM/otDlw/oBpj+5mZmZmZm"
            + "aP/AAAAAAAAAAAAAAAAAABQAAAAAAAAAAv/FU8Ry4qOU/0TUPb7JENT/mdUwIfVbOP/JM5uianAC/t1BNk+vpWD+oHzlj/MBU"
            + "P7KtBRLeLzC/nZ9Cio4ykD+2aDuP8v+rP9DzMXoLIRo/mfiUU3e8YL/Bo9rrC2+gP9MsmnNBTVa/wst7GhpIej/HAfnsbq7Y"
            + "P3Y4vINi0cs=";

    /** Written by the version-1 code (commit b5cab11): 5 steps of y = x1 − x2 with the old defaults. */
    private static final String REGRESSOR_VERSION_1 = "P/AAAAAAAAA/uZmZmZmZmj/vrhR64UeuAT7k+LWI42jxPkV5juIwjDpANAAAAA"
            + "AAAAA/UGJN0vGp/AAGUFJPQklUAAAAZAAAAAAAAAAAP/AAAAAAAAABP4R64UeuFHsBAAAAAgAAAAE/lIAvxqcQej+5mZmZmZma"
            + "P/AAAAAAAAAAAAAAAAAABQAAAAAAAAAAP+nTeB8Pq5a/6SyM7VZN179vU//mmuBGP8+ar/SE1I8/oQVSVqvC9r/AmAlE8fdP"
            + "P9HKJO37Gtq/wZ78FykTzT/Eh8b+20I7";

    private static DataInputStream stream(String base64) {
        return new DataInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    }

    /**
     * Version-1 byte streams restore: the version-1 code predicted exactly these values right after
     * writing them, and the restored models predict them bit for bit, then keep learning.
     */
    @Test
    void versionOneStreamsWrittenByTheFormerCodeStillRestore() throws IOException {
        KalmanClassifierCodec codec = new KalmanClassifierCodec();
        assertEquals(2, codec.version());
        KalmanClassifier classifier = codec.read(stream(CLASSIFIER_VERSION_1), 1);
        assertEquals(KalmanConfig.builder().gammaLearningRate(1e-3).learnNoise(false).build(), classifier.config());
        assertEquals(0, classifier.config().standardizationSamples());
        assertEquals(5, classifier.version());
        assertEquals(3, classifier.numClasses());
        assertEquals(0.9817927853219142, classifier.gamma(), 0.0);
        assertEquals(1.0054399448346742, classifier.temperature(), 0.0);
        assertArrayEquals(new double[] {0.4023104401968658, 0.3327840172887417, 0.2649055425143926},
                classifier.predictProbabilities(new double[] {0.3, 0.6}), 0.0);
        assertEquals(0.0, classifier.filter().deltaGradientMeanSquare(), 0.0);
        classifier.learn(new double[] {0.3, 0.6}, 2);
        classifier.verifyHealthy();
        assertTrue(classifier.filter().deltaGradientMeanSquare() > 0);
        assertEquals(classifier.gamma(), codec.copy(classifier).gamma(), 0.0);

        KalmanRegressorCodec regressorCodec = new KalmanRegressorCodec();
        KalmanRegressor regressor = regressorCodec.read(stream(REGRESSOR_VERSION_1), 1);
        assertEquals(-0.23139010060762227, regressor.predict(new double[] {0.3, 0.6}), 0.0);
        assertEquals(0.17938521997787304, regressor.predictiveVariance(new double[] {0.3, 0.6}), 0.0);
        assertEquals(0.9900398129274839, regressor.gamma(), 0.0);
        assertThrows(IOException.class, () -> regressorCodec.read(stream(REGRESSOR_VERSION_1), 3));
    }

    private static void fill(Random random, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
    }
}
