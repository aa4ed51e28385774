package io.flinkdrift.core.density;

import io.flinkdrift.core.state.StateCodec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every estimator restored from its codec behaves exactly like the original: same estimate, window,
 * drift flag and scores now and after both see the same continuation of the stream (which crosses
 * re-selections, ring wrap-around and, for the adaptive ones, window changes).
 */
class DensityCodecsTest {

    private static final GridBinning GRID = new GridBinning(new double[] {-3, -3}, new double[] {3, 3}, 4);

    @Test
    void adaptiveHistogramRoundTrips() throws IOException {
        AdaptiveWindowConfig config = new AdaptiveWindowConfig(7, 2, 8, 0.05, 0.8);
        assertRoundTrip(() -> new AdaptiveHistogramEstimator(GRID, config), new AdaptiveHistogramEstimator.Codec());
        assertRoundTrip(() -> new AdaptiveHistogramEstimator(new CategoricalBinning(5), config),
                new AdaptiveHistogramEstimator.Codec());
    }

    @Test
    void fixedWindowRoundTrips() throws IOException {
        assertRoundTrip(() -> new FixedWindowHistogramEstimator(GRID, 50), new FixedWindowHistogramEstimator.Codec());
    }

    @Test
    void exponentialForgettingRoundTrips() throws IOException {
        assertRoundTrip(() -> new ExponentialForgettingHistogramEstimator(GRID, 0.97),
                new ExponentialForgettingHistogramEstimator.Codec());
    }

    @Test
    void kernelDensityRoundTrips() throws IOException {
        assertRoundTrip(() -> new AdaptiveKernelDensityEstimator(
                        GRID, new AdaptiveWindowConfig(7, 2, 8, 0.1, 1.0), new double[] {0.8, 1.2}),
                new AdaptiveKernelDensityEstimator.Codec());
    }

    @Test
    void corruptStateIsRejected() {
        byte[] bytes = {9, 0, 0, 0};
        assertThrows(IOException.class, () -> new BinningCodec()
                .read(new DataInputStream(new ByteArrayInputStream(bytes)), 1));
    }

    private static <T extends DensityEstimator> void assertRoundTrip(Supplier<T> factory, StateCodec<T> codec)
            throws IOException {
        for (int prefix : new int[] {0, 5, 100, 333}) {
            SplittableRandom random = new SplittableRandom(prefix);
            T original = factory.get();
            for (int t = 0; t < prefix; t++) {
                original.add(nextPoint(original, t, random));
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            codec.write(original, new DataOutputStream(bytes));
            T restored = codec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), codec.version());
            assertSameBehaviour(original, restored);
            for (int t = prefix; t < prefix + 300; t++) {
                double[] point = nextPoint(original, t, random);
                assertEquals(original.logDensity(point), restored.logDensity(point), 0.0);
                original.add(point);
                restored.add(point);
                assertSameBehaviour(original, restored);
            }
        }
    }

    private static double[] nextPoint(DensityEstimator estimator, int t, SplittableRandom random) {
        double shift = (t / 150) % 2 == 0 ? -1.5 : 1.5;
        if (estimator.dimension() == 1) {
            return new double[] {random.nextInt(shift < 0 ? 3 : 7)};
        }
        return new double[] {shift + random.nextGaussian() * 0.5, random.nextGaussian()};
    }

    private static void assertSameBehaviour(DensityEstimator original, DensityEstimator restored) {
        assertEquals(original.elementsSeen(), restored.elementsSeen());
        assertEquals(original.window(), restored.window());
        assertEquals(original.driftDetected(), restored.driftDetected());
        if (original instanceof HistogramEstimator) {
            assertArrayEquals(((HistogramEstimator) original).probabilities(),
                    ((HistogramEstimator) restored).probabilities(), 0.0);
        }
        double[] probe = original.dimension() == 1 ? new double[] {1} : new double[] {0.2, -0.4};
        assertEquals(original.density(probe), restored.density(probe), 0.0);
    }
}
