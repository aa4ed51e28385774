package io.flinkdrift.jobs.density;

import io.flinkdrift.core.density.GridBinning;
import io.flinkdrift.generators.DriftingGaussianMixtureGenerator;
import io.flinkdrift.generators.StreamSettings;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MixtureCellMassesTest {

    private static final DriftingGaussianMixtureGenerator MIXTURE = new DriftingGaussianMixtureGenerator(
            StreamSettings.ofSeed(5), 2, 3, 1.0, 5.0, DriftingGaussianMixtureGenerator.Mode.ABRUPT,
            4e-4, 1000, 0.5, 50_000);
    private static final GridBinning GRID = new GridBinning(new double[] {-12, -12}, new double[] {12, 12}, 12);

    @Test
    void midpointMassesAreWithinTheStatedBoundOfAFineReference() {
        MixtureCellMasses coarse = new MixtureCellMasses(MIXTURE, GRID, MixtureCellMasses.DEFAULT_SUBDIVISIONS);
        MixtureCellMasses fine = new MixtureCellMasses(MIXTURE, GRID, 64);
        for (long index : new long[] {0, 2500}) {
            double[] masses = coarse.cellMasses(index);
            double[] reference = fine.cellMasses(index);
            // The box holds all but ~1e-9 of the mass; the midpoint error is far below the bound.
            assertEquals(1.0, Arrays.stream(reference).sum(), 1e-6);
            double tv = MixtureCellMasses.totalVariation(masses, reference);
            assertTrue(tv <= coarse.totalVariationErrorBound(), tv + " > " + coarse.totalVariationErrorBound());
            assertTrue(Arrays.stream(masses).allMatch(m -> m >= 0));
        }
        // h = 2 / 8 per axis, d = 2, sigma = 1: 2 * 0.0625 * 0.968 / 48.
        assertEquals(2 * 0.0625 * 0.968 / 48, coarse.totalVariationErrorBound(), 1e-15);
    }

    @Test
    void massesFollowTheAbruptChanges() {
        MixtureCellMasses truth = new MixtureCellMasses(MIXTURE, GRID, 4);
        double withinPeriod = MixtureCellMasses.totalVariation(truth.cellMasses(0), truth.cellMasses(999));
        double acrossChange = MixtureCellMasses.totalVariation(truth.cellMasses(999), truth.cellMasses(1000));
        assertEquals(0.0, withinPeriod, 0.0);
        assertTrue(acrossChange > 0.1, "the means rotate by 0.4 rad at the change: TV " + acrossChange);
    }

    @Test
    void rejectsMismatchedArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> new MixtureCellMasses(MIXTURE, new GridBinning(0, 1, 4), 8));
        assertThrows(IllegalArgumentException.class, () -> new MixtureCellMasses(MIXTURE, GRID, 0));
        assertThrows(IllegalArgumentException.class,
                () -> MixtureCellMasses.totalVariation(new double[2], new double[3]));
    }
}
