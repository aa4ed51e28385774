package io.flinkdrift.operators.density;

import io.flinkdrift.core.density.AdaptiveHistogramEstimator;
import io.flinkdrift.core.density.AdaptiveKernelDensityEstimator;
import io.flinkdrift.core.density.AdaptiveWindowConfig;
import io.flinkdrift.core.density.DensityEstimator;
import io.flinkdrift.core.density.ExponentialForgettingHistogramEstimator;
import io.flinkdrift.core.density.FixedWindowHistogramEstimator;
import io.flinkdrift.core.density.GridBinning;
import io.flinkdrift.core.density.WindowMixtureConfig;
import io.flinkdrift.core.density.WindowMixtureHistogramEstimator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The builder makes exactly the estimator its settings describe: each built estimator scores a
 * stream identically to one constructed by hand with the same settings; invalid settings are refused
 * before any data is seen.
 */
class DensityBuilderTest {

    @Test
    void builtEstimatorsEqualHandMadeOnes() {
        GridBinning grid = new GridBinning(new double[] {-3, -2}, new double[] {3, 2}, 8);
        AdaptiveWindowConfig config = new AdaptiveWindowConfig(9, 3, 16, 0.05, 0.7);
        DensityBuilder base = DensityBuilder.of(DensityBuilder.Estimator.ADAPTIVE);
        assertSameScores(new AdaptiveHistogramEstimator(grid, config),
                DensityBuilder.of(DensityBuilder.Estimator.ADAPTIVE).grid(new double[] {-3, -2}, new double[] {3, 2}, 8)
                        .windowSelection(9, 3, 16, 0.05, 0.7).factory().create(2));
        assertSameScores(new FixedWindowHistogramEstimator(grid, 300), DensityBuilder.of(DensityBuilder.Estimator.FIXED)
                .grid(new double[] {-3, -2}, new double[] {3, 2}, 8).window(300).factory().create(2));
        assertSameScores(new ExponentialForgettingHistogramEstimator(grid, 0.98),
                DensityBuilder.of(DensityBuilder.Estimator.EXPONENTIAL)
                        .grid(new double[] {-3, -2}, new double[] {3, 2}, 8).decay(0.98).factory().create(2));
        assertSameScores(new AdaptiveKernelDensityEstimator(grid, config, new double[] {0.75, 0.5}),
                DensityBuilder.of(DensityBuilder.Estimator.KDE).grid(new double[] {-3, -2}, new double[] {3, 2}, 8)
                        .windowSelection(9, 3, 16, 0.05, 0.7).factory().create(2));
        assertSameScores(new WindowMixtureHistogramEstimator(grid, new WindowMixtureConfig(2, 12, 0.01)),
                DensityBuilder.of(DensityBuilder.Estimator.EXPERTS).grid(new double[] {-3, -2}, new double[] {3, 2}, 8)
                        .experts(2, 12, 0.01).factory().create(2));
        GridBinning broadcast = base.grid(-1, 1, 4).grid(3);
        assertArrayEquals(new double[] {-1, -1, -1}, broadcast.lo());
        assertInstanceOf(AdaptiveHistogramEstimator.class, base.factory().create(3));
    }

    /** Flink ships the operator to its tasks by Java serialization; every estimator's must survive it. */
    @Test
    void everyFunctionSurvivesJavaSerialization() throws Exception {
        for (DensityBuilder.Estimator estimator : DensityBuilder.Estimator.values()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(DensityBuilder.of(estimator).grid(-1, 1, 4).function());
            }
            Object copy = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
            assertInstanceOf(DensityEstimationFunction.class, copy, estimator.cliName());
        }
    }

    @Test
    void invalidSettingsAreRefusedBeforeAnyData() {
        assertThrows(IllegalArgumentException.class, () -> DensityBuilder.Estimator.named("gaussian"));
        assertEquals(DensityBuilder.Estimator.KDE, DensityBuilder.Estimator.named("KDE"));
        assertThrows(IllegalArgumentException.class,
                () -> DensityBuilder.of(DensityBuilder.Estimator.FIXED).window(0).factory());
        assertThrows(IllegalArgumentException.class,
                () -> DensityBuilder.of(DensityBuilder.Estimator.EXPONENTIAL).decay(1).factory());
        assertThrows(IllegalArgumentException.class,
                () -> DensityBuilder.of(DensityBuilder.Estimator.KDE).bandwidth(-1).factory());
        assertThrows(IllegalArgumentException.class, () -> DensityBuilder.of(DensityBuilder.Estimator.ADAPTIVE)
                .windowSelection(12, 13, 32, 0.1, 1).factory());
        assertThrows(IllegalArgumentException.class, () -> DensityBuilder.of(DensityBuilder.Estimator.ADAPTIVE)
                .grid(new double[] {0, 0}, new double[] {1, 1, 1}, 4).factory());
        assertThrows(IllegalArgumentException.class,
                () -> DensityBuilder.of(DensityBuilder.Estimator.ADAPTIVE).cadence(0).function());
        assertThrows(IllegalArgumentException.class,
                () -> DensityBuilder.of(DensityBuilder.Estimator.EXPERTS).experts(3, 10, 1.5).factory());
        assertEquals(DensityBuilder.Estimator.EXPERTS, DensityBuilder.Estimator.named("experts"));
    }

    /** Both estimators score and window a drifting 2-d stream identically, element by element. */
    static void assertSameScores(DensityEstimator expected, DensityEstimator built) {
        SplittableRandom random = new SplittableRandom(3);
        for (int t = 0; t < 2000; t++) {
            double[] point = {(t < 1000 ? -1 : 1) + random.nextGaussian(), random.nextGaussian()};
            assertEquals(expected.logDensity(point), built.logDensity(point), 0.0, "element " + t);
            expected.add(point);
            built.add(point);
            assertEquals(expected.window(), built.window());
        }
    }
}
