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
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mid-stream codec round trips give bit-identical later behaviour (spec A.6 test 4); format
 * version 1 streams still restore.
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

    /**
     * Version 2 only appends the δ-step normaliser after everything version 1 wrote, so a version 1
     * stream is a version 2 stream without its last 8 bytes.
     */
    @Test
    void versionOneStreamsRestoreWithTheDeltaStepNormaliserRestarted() throws IOException {
        KalmanClassifierCodec codec = new KalmanClassifierCodec();
        assertEquals(2, codec.version());
        KalmanClassifier original = new KalmanClassifier(KalmanConfig.defaults());
        Random random = new Random(8);
        double[] x = new double[3];
        for (int t = 0; t < 200; t++) {
            fill(random, x);
            original.learn(x, random.nextInt(3));
        }
        assertTrue(original.filter().deltaGradientMeanSquare() > 0);
        byte[] version2 = bytes(codec, original);
        byte[] version1 = Arrays.copyOf(version2, version2.length - Double.BYTES);

        KalmanClassifier restored = codec.read(new DataInputStream(new ByteArrayInputStream(version1)), 1);
        assertEquals(0.0, restored.filter().deltaGradientMeanSquare(), 0.0);
        assertEquals(original.config(), restored.config());
        assertEquals(original.version(), restored.version());
        assertEquals(original.gamma(), restored.gamma(), 0.0);
        assertEquals(original.temperature(), restored.temperature(), 0.0);
        assertEquals(original.noiseVariance(), restored.noiseVariance(), 0.0);
        assertArrayEquals(original.posteriorMean(), restored.posteriorMean());
        assertArrayEquals(original.posteriorCovariance(), restored.posteriorCovariance());
        fill(random, x);
        assertArrayEquals(original.predictProbabilities(x), restored.predictProbabilities(x), 0.0);
        restored.learn(x, 1);
        restored.verifyHealthy();
        assertTrue(restored.filter().deltaGradientMeanSquare() > 0);

        KalmanRegressorCodec regressorCodec = new KalmanRegressorCodec();
        KalmanRegressor regressor = new KalmanRegressor(KalmanConfig.defaults());
        for (int t = 0; t < 50; t++) {
            fill(random, x);
            regressor.learn(x, x[0] + random.nextGaussian());
        }
        byte[] regressorVersion2 = bytes(regressorCodec, regressor);
        KalmanRegressor regressorRestored = regressorCodec.read(new DataInputStream(new ByteArrayInputStream(
                Arrays.copyOf(regressorVersion2, regressorVersion2.length - Double.BYTES))), 1);
        fill(random, x);
        assertEquals(regressor.predict(x), regressorRestored.predict(x), 0.0);
        assertEquals(regressor.gamma(), regressorRestored.gamma(), 0.0);
        assertThrows(IOException.class, () -> regressorCodec.read(
                new DataInputStream(new ByteArrayInputStream(regressorVersion2)), 3));
    }

    private static void fill(Random random, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
    }
}
