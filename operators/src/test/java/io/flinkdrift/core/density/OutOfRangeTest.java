package io.flinkdrift.core.density;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which points an estimator's support covers: a grid covers its closed box (an outside point is
 * binned in the edge cell its coordinates clamp to, so callers must be told), a categorical binning
 * its alphabet, a kernel estimate every finite point.
 */
class OutOfRangeTest {

    private static final GridBinning GRID = new GridBinning(new double[] {-1, 0}, new double[] {1, 2}, 4);

    @Test
    void aGridCoversExactlyItsClosedBox() {
        assertTrue(GRID.covers(new double[] {-1, 0}));
        assertTrue(GRID.covers(new double[] {1, 2}));
        assertTrue(GRID.covers(new double[] {0.3, 1.7}));
        assertFalse(GRID.covers(new double[] {1.0000001, 1}));
        assertFalse(GRID.covers(new double[] {0, -1e-9}));
        assertFalse(GRID.covers(new double[] {Double.NEGATIVE_INFINITY, 1}));
        assertFalse(GRID.covers(new double[] {Double.NaN, 1}));
        assertFalse(GRID.covers(new double[] {0}));
        // the outside point shares its edge cell with a covered one: only covers() tells them apart
        assertEquals(GRID.binOf(new double[] {0.9, 1.9}), GRID.binOf(new double[] {7, 5}));
    }

    @Test
    void histogramsCoverTheirBinningAndKernelEstimatesEveryFinitePoint() {
        AdaptiveWindowConfig config = new AdaptiveWindowConfig(6, 2, 8, 0.05, 1);
        DensityEstimator[] histograms = {new AdaptiveHistogramEstimator(GRID, config),
            new FixedWindowHistogramEstimator(GRID, 10), new ExponentialForgettingHistogramEstimator(GRID, 0.9)};
        for (DensityEstimator histogram : histograms) {
            assertTrue(histogram.covers(new double[] {0, 1}));
            assertFalse(histogram.covers(new double[] {5, 1}), histogram.getClass().getSimpleName());
        }
        AdaptiveKernelDensityEstimator kde = new AdaptiveKernelDensityEstimator(GRID, config, new double[] {1, 1});
        assertTrue(kde.covers(new double[] {5, -40}));
        assertFalse(kde.covers(new double[] {Double.POSITIVE_INFINITY, 0}));
        assertFalse(kde.covers(new double[] {0, 1, 2}));
        CategoricalBinning alphabet = new CategoricalBinning(3);
        assertTrue(alphabet.covers(new double[] {2}));
        assertFalse(alphabet.covers(new double[] {3}));
        assertFalse(alphabet.covers(new double[] {1.5}));
    }
}
