package io.flinkdrift.generators;

import io.flinkdrift.generators.DriftingGaussianMixtureGenerator.Mode;
import io.flinkdrift.records.Example;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriftingGaussianMixtureGeneratorTest {

    private static DriftingGaussianMixtureGenerator mixture(long seed, int dimension, int components,
            double sigma, Mode mode, long period, long weightPeriod) {
        return new DriftingGaussianMixtureGenerator(StreamSettings.ofSeed(seed), dimension, components, sigma,
                5.0, mode, 1e-4, period, 0.5, weightPeriod);
    }

    @Test
    void weightsFollowTheClosedFormAndSumToOne() {
        DriftingGaussianMixtureGenerator generator = mixture(1, 2, 3, 1.0, Mode.GRADUAL, 10_000, 50_000);
        for (long i = 0; i < 200_000; i += 997) {
            double[] weights = generator.weights(i);
            double sum = 0.0;
            for (int k = 0; k < 3; k++) {
                double expected = (1 + 0.5 * Math.sin(2 * Math.PI * i / 50_000.0 + 2 * Math.PI * k / 3)) / 3;
                assertEquals(expected, weights[k], 1e-12);
                assertTrue(weights[k] > 0);
                sum += weights[k];
            }
            assertEquals(1.0, sum, 1e-12);
        }
    }

    @Test
    void gradualMeansRotateRigidlyAboutTheOrigin() {
        DriftingGaussianMixtureGenerator generator = mixture(2, 4, 3, 1.0, Mode.GRADUAL, 10_000, 50_000);
        double[][] start = generator.means(0);
        double[][] later = generator.means(10_000); // one radian later
        double moved = 0.0;
        for (int k = 0; k < 3; k++) {
            assertEquals(norm(start[k]), norm(later[k]), 1e-9);
            for (int l = 0; l < k; l++) {
                assertEquals(distance(start[k], start[l]), distance(later[k], later[l]), 1e-9);
            }
            moved += distance(start[k], later[k]);
        }
        assertTrue(moved > 0.1, "means should move under a one-radian rotation, moved " + moved);
        assertFalse(Arrays.equals(generator.means(1)[0], start[0]), "gradual: moves every record");
    }

    @Test
    void abruptModeIsConstantWithinAPeriodAndJumpsAtItsEnd() {
        DriftingGaussianMixtureGenerator generator = mixture(2, 2, 3, 1.0, Mode.ABRUPT, 10_000, 50_000);
        for (long i = 10_000; i < 20_000; i += 1_111) {
            assertArrayEquals(generator.weights(10_000), generator.weights(i));
            assertEquals(Arrays.deepToString(generator.means(10_000)),
                    Arrays.deepToString(generator.means(i)));
            assertEquals(1, generator.generate(i).concept);
        }
        assertEquals(2, generator.generate(20_000).concept);
        assertFalse(Arrays.equals(generator.means(19_999)[0], generator.means(20_000)[0]));
        assertFalse(Arrays.equals(generator.weights(19_999), generator.weights(20_000)));
    }

    @Test
    void samplesMatchWeightsMeansAndSigmaOverAStationaryStretch() {
        // Abrupt mode with period 100,000: records [200,000, 300,000) share one mixture, whose
        // weights phase (200,000 mod 70,000) is not a special angle.
        long from = 200_000;
        int n = 100_000;
        double sigma = 0.7;
        DriftingGaussianMixtureGenerator generator = mixture(4, 2, 3, sigma, Mode.ABRUPT, n, 70_000);
        double[] weights = generator.weights(from);
        double[][] means = generator.means(from);
        int[] counts = new int[3];
        double[][] sums = new double[3][2];
        double[][] squares = new double[3][2];
        for (long i = from; i < from + n; i++) {
            Example e = generator.generate(i);
            int k = e.classIndex();
            counts[k]++;
            for (int j = 0; j < 2; j++) {
                sums[k][j] += e.features[j];
                squares[k][j] += e.features[j] * e.features[j];
            }
        }
        for (int k = 0; k < 3; k++) {
            // Frequencies: binomial, 4 standard errors.
            double p = weights[k];
            assertEquals(p, counts[k] / (double) n, 4 * Math.sqrt(p * (1 - p) / n), "weight of " + k);
            for (int j = 0; j < 2; j++) {
                double mean = sums[k][j] / counts[k];
                double variance = squares[k][j] / counts[k] - mean * mean;
                // Sample mean: 4 standard errors sigma / sqrt(n_k).
                assertEquals(means[k][j], mean, 4 * sigma / Math.sqrt(counts[k]), "mean " + k + "," + j);
                // Sample variance of a normal: standard error sigma^2 sqrt(2 / n_k).
                assertEquals(sigma * sigma, variance, 4 * sigma * sigma * Math.sqrt(2.0 / counts[k]));
            }
        }
    }

    @Test
    void densityIntegratesToOneOnA2dGrid() {
        DriftingGaussianMixtureGenerator generator = mixture(6, 2, 3, 1.0, Mode.GRADUAL, 10_000, 50_000);
        long index = 12_345;
        double[][] means = generator.means(index);
        double sigma = generator.sigma();
        double[] low = {Double.MAX_VALUE, Double.MAX_VALUE};
        double[] high = {-Double.MAX_VALUE, -Double.MAX_VALUE};
        for (double[] mean : means) {
            for (int j = 0; j < 2; j++) {
                low[j] = Math.min(low[j], mean[j] - 10 * sigma);
                high[j] = Math.max(high[j], mean[j] + 10 * sigma);
            }
        }
        // Midpoint rule with step sigma/8: for a Gaussian its error is far below 1e-9, as is the
        // mass beyond 10 sigma, so the tolerance checks the density's normalisation, not the grid.
        double h = sigma / 8;
        double integral = 0.0;
        for (double x = low[0] + h / 2; x < high[0]; x += h) {
            for (double y = low[1] + h / 2; y < high[1]; y += h) {
                integral += generator.density(new double[] {x, y}, index) * h * h;
            }
        }
        assertEquals(1.0, integral, 1e-9);
    }

    @Test
    void densityAtAMeanIsAtLeastItsComponentsWeightedPeak() {
        DriftingGaussianMixtureGenerator generator = mixture(6, 3, 2, 0.5, Mode.GRADUAL, 10_000, 50_000);
        long index = 777;
        double[][] means = generator.means(index);
        double[] weights = generator.weights(index);
        // Every component adds non-negative mass, so at μ_k the density is >= π_k (2π σ²)^(-3/2).
        double peak = Math.pow(2 * Math.PI * 0.25, -1.5);
        for (int k = 0; k < 2; k++) {
            assertTrue(generator.density(means[k], index) >= weights[k] * peak * (1 - 1e-12));
        }
        assertThrows(IllegalArgumentException.class, () -> generator.density(new double[2], index));
    }

    @Test
    void rejectsInvalidParameters() {
        StreamSettings s = StreamSettings.ofSeed(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DriftingGaussianMixtureGenerator(s, 2, 3, 0.0, 5, Mode.GRADUAL, 1e-4, 10, 0.5, 10));
        assertTrue(e.getMessage().contains("sigma"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new DriftingGaussianMixtureGenerator(s, 2, 3, 1.0, 5, Mode.GRADUAL, 1e-4, 10, 1.0, 10));
        assertTrue(e.getMessage().contains("weightAmplitude"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new DriftingGaussianMixtureGenerator(s, 2, 0, 1.0, 5, Mode.GRADUAL, 1e-4, 10, 0.5, 10));
        assertThrows(IllegalArgumentException.class,
                () -> new DriftingGaussianMixtureGenerator(s, 2, 3, 1.0, -1, Mode.ABRUPT, 1e-4, 10, 0.5, 10));
        assertThrows(IllegalArgumentException.class,
                () -> new DriftingGaussianMixtureGenerator(s, 2, 3, 1.0, 5, null, 1e-4, 10, 0.5, 10));
        assertThrows(IllegalArgumentException.class,
                () -> new DriftingGaussianMixtureGenerator(s, 2, 3, 1.0, 5, Mode.ABRUPT, 1e-4, 0, 0.5, 10));
    }

    private static double norm(double[] x) {
        return distance(x, new double[x.length]);
    }

    private static double distance(double[] a, double[] b) {
        double sum = 0.0;
        for (int j = 0; j < a.length; j++) {
            sum += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return Math.sqrt(sum);
    }
}
