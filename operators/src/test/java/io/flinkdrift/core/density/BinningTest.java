package io.flinkdrift.core.density;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BinningTest {

    @Test
    void categoricalSymbolsOutsideTheAlphabetGoToTheOtherBin() {
        CategoricalBinning binning = new CategoricalBinning(4);
        assertEquals(5, binning.numBins());
        assertEquals(4, binning.otherBin());
        assertEquals(0, binning.binOf(new double[] {0}));
        assertEquals(3, binning.binOf(new double[] {3}));
        assertEquals(4, binning.binOf(new double[] {4}));
        assertEquals(4, binning.binOf(new double[] {-1}));
        assertEquals(4, binning.binOf(new double[] {1.5}));
        assertEquals(4, binning.binOf(new double[] {Double.POSITIVE_INFINITY}));
        assertEquals(4, binning.binOf(17));
        assertEquals(2, binning.binOf(2));
        assertEquals(-1, binning.binOf(new double[] {Double.NaN}));
        assertEquals(-1, binning.binOf(new double[] {1, 2}));
        assertEquals(-1, binning.binOf((double[]) null));
        assertEquals(1.0, binning.binVolume(0));
    }

    @Test
    void oneDimensionalGridBinsHalfOpenIntervalsAndClampsOutsideValues() {
        GridBinning grid = new GridBinning(-1.0, 1.0, 4);
        assertEquals(4, grid.numBins());
        assertEquals(0.5, grid.binVolume(0), 1e-15);
        assertEquals(0, grid.binOf(new double[] {-1.0}));
        assertEquals(0, grid.binOf(new double[] {-0.51}));
        assertEquals(1, grid.binOf(new double[] {-0.5}));
        assertEquals(2, grid.binOf(new double[] {0.0}));
        assertEquals(3, grid.binOf(new double[] {0.999}));
        assertEquals(3, grid.binOf(new double[] {1.0}));
        assertEquals(3, grid.binOf(new double[] {Double.POSITIVE_INFINITY}));
        assertEquals(0, grid.binOf(new double[] {-7}));
        assertEquals(-1, grid.binOf(new double[] {Double.NaN}));
    }

    @Test
    void productGridIndexesCellsRowMajor() {
        GridBinning grid = new GridBinning(new double[] {0, 0, 0}, new double[] {1, 2, 4}, 4);
        assertEquals(64, grid.numBins());
        assertEquals(0.25 * 0.5 * 1.0, grid.binVolume(5), 1e-15);
        // bins (1, 2, 3) -> 1*16 + 2*4 + 3
        assertEquals(27, grid.binOf(new double[] {0.3, 1.1, 3.5}));
        assertEquals(63, grid.binOf(new double[] {5, 5, 5}));
        assertEquals(-1, grid.binOf(new double[] {0.3, Double.NaN, 3.5}));
        assertEquals(-1, grid.binOf(new double[] {0.3, 1.1}));
    }

    @Test
    void cellCentersInvertBinOf() {
        GridBinning grid = new GridBinning(new double[] {0, 0, 0}, new double[] {1, 2, 4}, 4);
        assertArrayEquals(new double[] {0.375, 1.25, 3.5}, grid.cellCenter(27), 1e-15);
        for (int cell = 0; cell < grid.numBins(); cell++) {
            assertEquals(cell, grid.binOf(grid.cellCenter(cell)));
        }
        assertThrows(IllegalArgumentException.class, () -> grid.cellCenter(64));
        assertThrows(IllegalArgumentException.class, () -> grid.cellCenter(-1));
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> new CategoricalBinning(0));
        assertThrows(IllegalArgumentException.class, () -> new GridBinning(1.0, 1.0, 4));
        assertThrows(IllegalArgumentException.class, () -> new GridBinning(0.0, Double.NaN, 4));
        assertThrows(IllegalArgumentException.class, () -> new GridBinning(0.0, 1.0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new GridBinning(new double[4], new double[] {1, 1, 1, 1}, 2));
        assertThrows(IllegalArgumentException.class,
                () -> new GridBinning(new double[3], new double[] {1, 1, 1}, 128));
    }

    /**
     * Doubling a 3-D grid along each axis, up and down: the range doubles away from one corner, the
     * cells stay B^d, and every old cell lies in the merged cell that holds its centre.
     */
    @Test
    void aDoubledGridMergesBinsPairwiseAlongOneAxis() {
        GridBinning grid = new GridBinning(new double[] {-1, 0, 2}, new double[] {1, 4, 3}, 4);
        for (int axis = 0; axis < 3; axis++) {
            for (boolean up : new boolean[] {true, false}) {
                GridBinning doubled = grid.doubled(axis, up);
                double width = grid.hi()[axis] - grid.lo()[axis];
                assertEquals(up ? grid.lo()[axis] : grid.lo()[axis] - width, doubled.lo()[axis]);
                assertEquals(up ? grid.hi()[axis] + width : grid.hi()[axis], doubled.hi()[axis]);
                assertEquals(grid.numBins(), doubled.numBins());
                for (int cell = 0; cell < grid.numBins(); cell++) {
                    assertEquals(doubled.binOf(grid.cellCenter(cell)), grid.mergedCell(cell, axis, up),
                            "cell " + cell + " axis " + axis + " up " + up);
                }
            }
        }
        assertEquals(null, new GridBinning(-Double.MAX_VALUE, Double.MAX_VALUE, 2).doubled(0, true));
        assertThrows(IllegalStateException.class, () -> new GridBinning(0, 1, 3).doubled(0, true));
    }
}
