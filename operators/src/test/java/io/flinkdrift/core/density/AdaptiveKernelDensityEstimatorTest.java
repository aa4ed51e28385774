package io.flinkdrift.core.density;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdaptiveKernelDensityEstimatorTest {

    @Test
    void densityIsTheGaussianKdeOfTheChosenWindowWithShrinkingBandwidth() {
        SplittableRandom random = new SplittableRandom(3);
        GridBinning grid = new GridBinning(new double[] {-4, -4}, new double[] {4, 4}, 3);
        double[] scale = {1.0, 0.5};
        AdaptiveKernelDensityEstimator kde =
                new AdaptiveKernelDensityEstimator(grid, new AdaptiveWindowConfig(9, 2, 16, 0.1, 1.0), scale);
        double[][] points = new double[700][];
        for (int t = 0; t < points.length; t++) {
            double mean = t < 500 ? 0.0 : 3.0; // a jump 200 elements before the end
            points[t] = new double[] {mean + random.nextGaussian(), random.nextGaussian()};
            assertTrue(kde.add(points[t]));
        }
        int r = kde.window();
        assertTrue(r < 512, "window " + r); // the jump was detected: not the maximum window 2^9
        assertEquals(1 << kde.chosenExponent(), r);
        double shrink = Math.pow(r, -1.0 / 6);
        assertArrayEquals(new double[] {shrink, 0.5 * shrink}, kde.bandwidth(), 1e-15);
        for (double[] x : new double[][] {{0, 0}, {2.5, 0.3}, {-1, 1}, {30, -30}}) {
            double expected = 0;
            for (int t = points.length - r; t < points.length; t++) {
                double z0 = (x[0] - points[t][0]) / shrink;
                double z1 = (x[1] - points[t][1]) / (0.5 * shrink);
                expected += Math.exp(-0.5 * (z0 * z0 + z1 * z1)) / (2 * Math.PI * shrink * 0.5 * shrink) / r;
            }
            assertEquals(expected, kde.density(x), 1e-12 * Math.max(expected, 1e-300));
        }
        // far away the density underflows, but the log-density stays finite: between the log of the
        // nearest point's kernel term and that minus log r
        double logFar = kde.logDensity(new double[] {300, 0});
        assertTrue(Double.isFinite(logFar));
        double bestExponent = Double.NEGATIVE_INFINITY;
        for (int t = points.length - r; t < points.length; t++) {
            double z0 = (300 - points[t][0]) / shrink;
            double z1 = points[t][1] / (0.5 * shrink);
            bestExponent = Math.max(bestExponent, -0.5 * (z0 * z0 + z1 * z1));
        }
        double upper = bestExponent - Math.log(2 * Math.PI * 0.5 * shrink * shrink);
        assertTrue(logFar <= upper + 1e-9 && logFar >= upper - Math.log(r) - 1e-9, logFar + " vs " + upper);
    }

    @Test
    void oneDimensionalKdeIntegratesToOne() {
        SplittableRandom random = new SplittableRandom(4);
        AdaptiveKernelDensityEstimator kde = new AdaptiveKernelDensityEstimator(
                new GridBinning(0.0, 1.0, 8), AdaptiveWindowConfig.withMaxWindowExponent(7), new double[] {0.3});
        for (int t = 0; t < 500; t++) {
            kde.add(new double[] {random.nextDouble()});
        }
        double step = 0.002;
        double integral = 0;
        for (double x = -3; x < 4; x += step) {
            integral += kde.density(new double[] {x + step / 2}) * step;
        }
        assertEquals(1.0, integral, 1e-6);
    }

    @Test
    void unusablePointsAreIgnoredAndEmptyEstimatesAreNaN() {
        AdaptiveKernelDensityEstimator kde = new AdaptiveKernelDensityEstimator(
                new GridBinning(0.0, 1.0, 4), AdaptiveWindowConfig.withMaxWindowExponent(4), new double[] {1});
        assertTrue(Double.isNaN(kde.logDensity(new double[] {0.5})));
        assertFalse(kde.add(new double[] {Double.NaN}));
        assertFalse(kde.add(new double[] {Double.POSITIVE_INFINITY}));
        assertFalse(kde.add(new double[] {1, 2}));
        assertEquals(0, kde.elementsSeen());
        assertTrue(kde.add(new double[] {0.5}));
        assertEquals(-0.5 * Math.log(2 * Math.PI), kde.logDensity(new double[] {0.5}), 1e-12);
        assertTrue(Double.isNaN(kde.logDensity(new double[] {Double.NaN})));
    }

    @Test
    void rejectsInvalidArguments() {
        GridBinning grid = new GridBinning(0.0, 1.0, 4);
        AdaptiveWindowConfig config = AdaptiveWindowConfig.withMaxWindowExponent(4);
        assertThrows(IllegalArgumentException.class,
                () -> new AdaptiveKernelDensityEstimator(grid, config, new double[] {0}));
        assertThrows(IllegalArgumentException.class,
                () -> new AdaptiveKernelDensityEstimator(grid, config, new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> new AdaptiveKernelDensityEstimator(grid, null, new double[] {1}));
    }
}
