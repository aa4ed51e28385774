package io.flinkdrift.core.density;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exact values of the three histogram estimators against brute-force references. */
class HistogramEstimatorsTest {

    @Test
    void fixedWindowEqualsTheFrequenciesOfTheLastRElements() {
        SplittableRandom random = new SplittableRandom(7);
        CategoricalBinning binning = new CategoricalBinning(5);
        FixedWindowHistogramEstimator estimator = new FixedWindowHistogramEstimator(binning, 37);
        int[] stream = new int[300];
        for (int t = 0; t < stream.length; t++) {
            stream[t] = random.nextInt(7) - 1;
            assertTrue(estimator.add(new double[] {stream[t]}));
            int size = Math.min(37, t + 1);
            double[] expected = new double[6];
            for (int s = t + 1 - size; s <= t; s++) {
                expected[binning.binOf(stream[s])] += 1.0 / size;
            }
            assertArrayEquals(expected, estimator.probabilities(), 1e-12);
            assertEquals(size, estimator.window());
        }
        assertFalse(estimator.driftDetected());
    }

    @Test
    void exponentialForgettingEqualsDecayedCountsAcrossRenormalisations() {
        SplittableRandom random = new SplittableRandom(8);
        CategoricalBinning binning = new CategoricalBinning(4);
        double decay = 0.6; // 0.6^-t passes 1e100 after ~450 elements: several renormalisations below
        ExponentialForgettingHistogramEstimator estimator = new ExponentialForgettingHistogramEstimator(binning, decay);
        int[] stream = new int[2000];
        for (int t = 0; t < stream.length; t++) {
            stream[t] = random.nextInt(4);
            estimator.addBin(stream[t]);
            if (t % 97 == 0 || t == stream.length - 1) {
                double[] expected = new double[5];
                double total = 0;
                for (int s = 0; s <= t; s++) {
                    double weight = Math.pow(decay, t - s);
                    expected[stream[s]] += weight;
                    total += weight;
                }
                for (int bin = 0; bin < 5; bin++) {
                    assertEquals(expected[bin], estimator.binCount(bin), 1e-9 * total);
                    assertEquals(expected[bin] / total, estimator.probabilities()[bin], 1e-9);
                }
                assertEquals((1 - Math.pow(decay, t + 1)) / (1 - decay), estimator.windowCount(), 1e-9);
            }
        }
        assertEquals(3, estimator.window()); // 1 / (1 - 0.6) = 2.5, rounded
    }

    @Test
    void adaptiveHistogramOnAGridIsTheEmpiricalDistributionOfTheChosenWindow() {
        SplittableRandom random = new SplittableRandom(9);
        GridBinning grid = new GridBinning(new double[] {0, 0}, new double[] {1, 2}, 5);
        AdaptiveHistogramEstimator estimator =
                new AdaptiveHistogramEstimator(grid, new AdaptiveWindowConfig(9, 3, 16, 0.1, 1.0));
        int[] bins = new int[3000];
        for (int t = 0; t < bins.length; t++) {
            // the distribution moves 200 elements before the end, so the chosen window is below 2^9
            double shift = t < 2800 ? 0.0 : 0.6;
            double[] point = {Math.min(0.999, random.nextDouble() * 0.4 + shift), random.nextDouble() * 2};
            bins[t] = grid.binOf(point);
            estimator.add(point);
        }
        int window = estimator.window();
        assertEquals(1 << estimator.chosenExponent(), window);
        assertTrue(window < 512, "window " + window);
        double[] expected = new double[grid.numBins()];
        for (int t = bins.length - window; t < bins.length; t++) {
            expected[bins[t]] += 1.0 / window;
        }
        assertArrayEquals(expected, estimator.probabilities(), 1e-12);
        double integral = 0;
        for (int bin = 0; bin < grid.numBins(); bin++) {
            int row = bin / 5;
            int column = bin % 5;
            double[] centre = {(row + 0.5) / 5, (column + 0.5) * 2 / 5};
            integral += estimator.density(centre) * grid.binVolume(bin);
        }
        assertEquals(1.0, integral, 1e-12);
    }

    @Test
    void logDensityIsKrichevskyTrofimovSmoothed() {
        GridBinning grid = new GridBinning(0.0, 2.0, 4); // volume 0.5
        FixedWindowHistogramEstimator estimator = new FixedWindowHistogramEstimator(grid, 10);
        assertEquals(Math.log(0.25 / 0.5), estimator.logDensity(new double[] {0.1}), 1e-12);
        assertTrue(Double.isNaN(estimator.density(new double[] {0.1})));
        for (double x : new double[] {0.1, 0.2, 0.7, 1.9}) {
            estimator.add(new double[] {x});
        }
        // bin 0 holds 2 of 4: (2 + 1/2) / (4 + 4/2) / 0.5
        assertEquals(Math.log(2.5 / 6 / 0.5), estimator.logDensity(new double[] {0.3}), 1e-12);
        assertEquals(Math.log(0.5 / 6 / 0.5), estimator.logDensity(new double[] {1.2}), 1e-12);
        assertEquals(2.0 / 4 / 0.5, estimator.density(new double[] {0.3}), 1e-12);
    }

    @Test
    void unusablePointsAreIgnored() {
        for (HistogramEstimator estimator : new HistogramEstimator[] {
            new AdaptiveHistogramEstimator(new GridBinning(0.0, 1.0, 4), AdaptiveWindowConfig.withMaxWindowExponent(5)),
            new FixedWindowHistogramEstimator(new GridBinning(0.0, 1.0, 4), 8),
            new ExponentialForgettingHistogramEstimator(new GridBinning(0.0, 1.0, 4), 0.9)
        }) {
            assertFalse(estimator.add(new double[] {Double.NaN}));
            assertFalse(estimator.add(new double[] {0.1, 0.2}));
            assertFalse(estimator.add(null));
            assertEquals(0, estimator.elementsSeen());
            assertTrue(Double.isNaN(estimator.logDensity(new double[] {Double.NaN})));
            assertTrue(estimator.add(new double[] {Double.NEGATIVE_INFINITY}));
            assertEquals(1.0, estimator.probabilities()[0]);
            assertThrows(IllegalArgumentException.class, () -> estimator.addBin(4));
            assertEquals(1, estimator.elementsSeen());
        }
    }

    @Test
    void rejectsInvalidConstructorArguments() {
        CategoricalBinning binning = new CategoricalBinning(3);
        assertThrows(IllegalArgumentException.class, () -> new FixedWindowHistogramEstimator(binning, 0));
        assertThrows(IllegalArgumentException.class, () -> new FixedWindowHistogramEstimator(null, 4));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialForgettingHistogramEstimator(binning, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialForgettingHistogramEstimator(binning, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveHistogramEstimator(binning, null));
    }
}
