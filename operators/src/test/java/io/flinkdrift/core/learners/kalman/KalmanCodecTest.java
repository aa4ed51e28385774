package io.flinkdrift.core.learners.kalman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flinkdrift.core.state.StateCodec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Mid-stream codec round trips give bit-identical later behaviour (spec A.6 test 4). */
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

    private static void fill(Random random, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
    }
}
