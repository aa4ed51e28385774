package io.flinkdrift.core.evaluation;

import io.flinkdrift.core.evaluation.BruteForce.Labelled;
import io.flinkdrift.core.evaluation.BruteForce.Regressed;
import io.flinkdrift.core.state.StateCodec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Round trips through every codec, then identical continuation: restored state is bit-exact. */
class EvaluationCodecsTest {

    @Test
    void classificationMetricsRoundTrip() throws IOException {
        Random random = new Random(51);
        ClassificationMetrics original = new ClassificationMetrics();
        feed(original, random, 100);
        ClassificationMetrics restored = roundTrip(new ClassificationMetricsCodec(), original);
        assertArrayEquals(BruteForce.of(original), BruteForce.of(restored));
        assertEquals(original.numClasses(), restored.numClasses());
        Random continuation = new Random(52);
        feed(original, continuation, 50);
        feed(restored, new Random(52), 50);
        assertArrayEquals(BruteForce.of(original), BruteForce.of(restored));
    }

    @Test
    void regressionMetricsRoundTrip() throws IOException {
        RegressionMetrics original = new RegressionMetrics();
        original.add(1.5, 2.0);
        original.add(-3.0, 4.0);
        RegressionMetrics restored = roundTrip(new RegressionMetricsCodec(), original);
        assertArrayEquals(BruteForce.of(original), BruteForce.of(restored));
    }

    @Test
    void prequentialClassificationRoundTripContinuesBitExact() throws IOException {
        Random random = new Random(53);
        PrequentialMetrics<ClassificationMetrics> original =
                new PrequentialMetrics<>(new ClassificationMetrics(), 7, 0.95);
        // 123 records: the window has wrapped many times and sits mid-way between recomputations
        for (int i = 0; i < 123; i++) {
            original.add(BruteForce.contribution(BruteForce.randomLabelled(random, 5)));
        }
        PrequentialMetrics<ClassificationMetrics> restored =
                roundTrip(new PrequentialMetricsCodec.Classification(), original);
        assertEquals(7, restored.windowSize());
        assertEquals(0.95, restored.fadingFactor());
        for (int i = 0; i < 30; i++) {
            double[] contribution = BruteForce.contribution(BruteForce.randomLabelled(random, 5));
            original.add(contribution);
            restored.add(contribution);
            assertArrayEquals(BruteForce.of(original.cumulative()), BruteForce.of(restored.cumulative()));
            assertArrayEquals(BruteForce.of(original.window()), BruteForce.of(restored.window()));
            assertArrayEquals(BruteForce.of(original.fading()), BruteForce.of(restored.fading()));
        }
    }

    @Test
    void prequentialRegressionRoundTripContinuesBitExact() throws IOException {
        Random random = new Random(54);
        PrequentialMetrics<RegressionMetrics> original =
                new PrequentialMetrics<>(new RegressionMetrics(), 4, 0.5);
        for (int i = 0; i < 9; i++) {
            original.add(BruteForce.contribution(BruteForce.randomRegressed(random)));
        }
        PrequentialMetrics<RegressionMetrics> restored =
                roundTrip(new PrequentialMetricsCodec.Regression(), original);
        for (int i = 0; i < 10; i++) {
            Regressed r = BruteForce.randomRegressed(random);
            original.add(BruteForce.contribution(r));
            restored.add(BruteForce.contribution(r));
            assertArrayEquals(BruteForce.of(original.cumulative()), BruteForce.of(restored.cumulative()));
            assertArrayEquals(BruteForce.of(original.window()), BruteForce.of(restored.window()));
            assertArrayEquals(BruteForce.of(original.fading()), BruteForce.of(restored.fading()));
        }
    }

    @Test
    void windowAndFadingCodecsRoundTripOnTheirOwn() throws IOException {
        SlidingWindowMetrics<RegressionMetrics> window =
                new SlidingWindowMetrics<>(new RegressionMetrics(), 3);
        FadingMetrics<RegressionMetrics> fading = new FadingMetrics<>(new RegressionMetrics(), 0.8);
        for (int i = 0; i < 5; i++) {
            window.add(RegressionMetrics.contribution(i, 2 * i));
            fading.add(RegressionMetrics.contribution(i, 2 * i));
        }
        SlidingWindowMetrics<RegressionMetrics> windowCopy =
                roundTrip(new SlidingWindowMetricsCodec.Regression(), window);
        assertEquals(3, windowCopy.size());
        assertArrayEquals(BruteForce.of(window.metrics()), BruteForce.of(windowCopy.metrics()));
        FadingMetrics<RegressionMetrics> fadingCopy = roundTrip(new FadingMetricsCodec.Regression(), fading);
        assertEquals(0.8, fadingCopy.fadingFactor());
        assertArrayEquals(BruteForce.of(fading.metrics()), BruteForce.of(fadingCopy.metrics()));
    }

    @Test
    void corruptOrFutureStateIsAnIOException() throws IOException {
        SlidingWindowMetricsCodec.Regression codec = new SlidingWindowMetricsCodec.Regression();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(3); // window size
        out.writeInt(4); // size > window size
        out.writeInt(0);
        out.writeInt(0);
        out.writeInt(1);
        new RegressionMetricsCodec().write(new RegressionMetrics(), out);
        out.writeInt(3);
        for (int i = 0; i < 3; i++) {
            out.writeDouble(0);
        }
        assertThrows(IOException.class, () -> codec.read(input(bytes), 1));

        ByteArrayOutputStream future = new ByteArrayOutputStream();
        new DataOutputStream(future).writeInt(99); // nested metrics version from the future
        assertThrows(IOException.class,
                () -> new FadingMetricsCodec.Regression().read(input(prepend(0.5, future)), 1));
    }

    private static ByteArrayOutputStream prepend(double value, ByteArrayOutputStream rest)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeDouble(value);
        out.write(rest.toByteArray());
        return bytes;
    }

    private static DataInputStream input(ByteArrayOutputStream bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    }

    private static void feed(ClassificationMetrics metrics, Random random, int n) {
        for (int i = 0; i < n; i++) {
            Labelled r = BruteForce.randomLabelled(random, 6);
            metrics.add(r.trueClass(), r.predictedClass(), r.probabilities());
        }
    }

    private static <T> T roundTrip(StateCodec<T> codec, T value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        codec.write(value, new DataOutputStream(bytes));
        T copy = codec.read(input(bytes), codec.version());
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        codec.write(copy, new DataOutputStream(again));
        assertArrayEquals(bytes.toByteArray(), again.toByteArray(), "re-encoding must give the same bytes");
        return copy;
    }
}
