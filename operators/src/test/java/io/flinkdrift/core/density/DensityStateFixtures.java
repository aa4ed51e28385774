package io.flinkdrift.core.density;

import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.core.state.StateFixtureFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Deterministic density-estimator states whose codec bytes are kept as fixtures under
 * {@code src/test/resources/density/NAME-vVERSION.bin} (the format version as an int, then the
 * codec's bytes, as {@code CodecSerializer} stores them). Regenerate the current format's files with
 * {@code java -cp ... io.flinkdrift.core.density.DensityStateFixtures operators/src/test/resources/density};
 * older formats' files were written by the release that wrote that format and must never change.
 */
final class DensityStateFixtures {

    static final GridBinning GRID = new GridBinning(new double[] {-3, -3}, new double[] {3, 3}, 4);
    static final int ELEMENTS = 700;

    /** A named estimator, its codec and how it is built. */
    static final class Fixture<T extends DensityEstimator> {
        final StateCodec<T> codec;
        final Supplier<T> empty;
        final int firstVersion;

        Fixture(StateCodec<T> codec, Supplier<T> empty) {
            this(codec, empty, 1);
        }

        /** A fixture whose state the codec's formats before {@code firstVersion} cannot hold. */
        Fixture(StateCodec<T> codec, Supplier<T> empty, int firstVersion) {
            this.codec = codec;
            this.empty = empty;
            this.firstVersion = firstVersion;
        }

        /** The fixture's estimator after {@link #ELEMENTS} elements of a two-regime stream. */
        T state() {
            T estimator = empty.get();
            SplittableRandom random = new SplittableRandom(2026);
            for (int t = 0; t < ELEMENTS; t++) {
                estimator.add(point(estimator.dimension(), t, random));
            }
            return estimator;
        }
    }

    static double[] point(int dimension, int t, SplittableRandom random) {
        boolean left = (t / 250) % 2 == 0;
        if (dimension == 1) {
            return new double[] {random.nextInt(left ? 3 : 7)};
        }
        return new double[] {(left ? -1.5 : 1.5) + random.nextGaussian() * 0.5, random.nextGaussian()};
    }

    static Map<String, Fixture<?>> all() {
        AdaptiveWindowConfig config = new AdaptiveWindowConfig(8, 2, 8, 0.05, 0.8);
        Map<String, Fixture<?>> fixtures = new LinkedHashMap<>();
        fixtures.put("adaptive-histogram-grid", new Fixture<>(new AdaptiveHistogramEstimator.Codec(),
                () -> new AdaptiveHistogramEstimator(GRID, config)));
        fixtures.put("adaptive-histogram-categorical", new Fixture<>(new AdaptiveHistogramEstimator.Codec(),
                () -> new AdaptiveHistogramEstimator(new CategoricalBinning(7), config)));
        fixtures.put("fixed-window-histogram", new Fixture<>(new FixedWindowHistogramEstimator.Codec(),
                () -> new FixedWindowHistogramEstimator(GRID, 300)));
        fixtures.put("exponential-forgetting-histogram", new Fixture<>(
                new ExponentialForgettingHistogramEstimator.Codec(),
                () -> new ExponentialForgettingHistogramEstimator(GRID, 0.97)));
        fixtures.put("adaptive-kernel-density", new Fixture<>(new AdaptiveKernelDensityEstimator.Codec(),
                () -> new AdaptiveKernelDensityEstimator(GRID, config, new double[] {0.8, 1.2})));
        fixtures.put("window-mixture-histogram", new Fixture<>(new WindowMixtureHistogramEstimator.Codec(),
                () -> new WindowMixtureHistogramEstimator(GRID, new WindowMixtureConfig(2, 8, 0.01, false))));
        fixtures.put("window-mixture-histogram-growing", new Fixture<>(new WindowMixtureHistogramEstimator.Codec(),
                () -> new WindowMixtureHistogramEstimator(new GridBinning(new double[] {-1, -1}, new double[] {1, 1}, 4),
                        new WindowMixtureConfig(2, 8, 0.01, true)), 2));
        return fixtures;
    }

    /** The fixture's estimator in the current format, as the fixture files hold it. */
    static <T extends DensityEstimator> byte[] currentBytes(Fixture<T> fixture) {
        return StateFixtureFiles.encode(fixture.codec, fixture.state());
    }

    public static void main(String[] args) throws IOException {
        for (Map.Entry<String, Fixture<?>> entry : all().entrySet()) {
            save(Path.of(args[0]), entry.getKey(), entry.getValue());
        }
    }

    private static <T extends DensityEstimator> void save(Path directory, String name, Fixture<T> fixture)
            throws IOException {
        StateFixtureFiles.save(directory, name, fixture.codec, fixture.state());
    }
}
