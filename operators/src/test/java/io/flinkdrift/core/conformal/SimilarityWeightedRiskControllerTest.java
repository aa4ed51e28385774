package io.flinkdrift.core.conformal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimilarityWeightedRiskControllerTest {

    private static final LambdaGrid GRID = LambdaGrid.linspace(0, 2, 41);

    @Test
    void selectionEqualsBruteForceOverTheMostRecentElementsWithSimilarityWeights() {
        SplittableRandom random = new SplittableRandom(23);
        Similarity similarity = Similarity.gaussian(1.5);
        int capacity = 60;
        for (double alpha : new double[] {0.05, 0.1, 0.2, 0.4}) {
            SimilarityWeightedRiskController controller =
                    new SimilarityWeightedRiskController(new RiskTarget(GRID, alpha, 1), capacity, similarity);
            CalibrationBuffer buffer = controller.newState();
            List<double[]> features = new ArrayList<>();
            List<double[]> curves = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
                double[] curve = BruteForceCrc.randomCurve(random, GRID);
                controller.update(buffer, x, curve);
                features.add(x);
                curves.add(curve);
                double[] test = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
                int from = Math.max(0, features.size() - capacity);
                double[] weights = new double[features.size() - from];
                for (int k = 0; k < weights.length; k++) {
                    weights[k] = similarity.between(features.get(from + k), test);
                }
                int expected = BruteForceCrc.lambdaIndex(curves.subList(from, curves.size()), weights, alpha, 1,
                        GRID.size());
                LambdaSelection selection = controller.select(buffer, test);
                assertEquals(Math.min(expected, GRID.size() - 1), selection.gridIndex());
                assertEquals(expected == GRID.size(), selection.infeasible());
            }
            assertEquals(capacity, buffer.size());
            assertEquals(200, buffer.calibrationCount());
        }
    }

    @Test
    void unitSimilarityEqualsUnweightedCrcOnTheBuffer() {
        SplittableRandom random = new SplittableRandom(29);
        RiskTarget target = new RiskTarget(GRID, 0.15, 1);
        SimilarityWeightedRiskController similarityController =
                new SimilarityWeightedRiskController(target, 1000, (a, b) -> 1);
        DecayWeightedRiskController unweighted = new DecayWeightedRiskController(target, ExponentialDecay.none());
        CalibrationBuffer buffer = similarityController.newState();
        DecayingLossSums sums = unweighted.newState();
        for (int i = 0; i < 500; i++) {
            double[] curve = BruteForceCrc.randomCurve(random, GRID);
            similarityController.update(buffer, new double[] {i}, curve);
            unweighted.update(sums, i, curve);
            assertEquals(unweighted.select(sums, i + 1), similarityController.select(buffer, new double[] {0}));
        }
    }

    @Test
    void similaritiesOutsideTheUnitIntervalAreClampedAndNanIgnored() {
        RiskTarget target = new RiskTarget(GRID, 0.2, 1);
        double[] zeroLoss = new double[GRID.size()];
        SimilarityWeightedRiskController inflated = new SimilarityWeightedRiskController(target, 10, (a, b) -> 7);
        SimilarityWeightedRiskController broken =
                new SimilarityWeightedRiskController(target, 10, (a, b) -> a[0] < 0 ? Double.NaN : -3);
        CalibrationBuffer inflatedBuffer = inflated.newState();
        CalibrationBuffer brokenBuffer = broken.newState();
        for (int i = 0; i < 6; i++) {
            inflated.update(inflatedBuffer, new double[] {i - 3}, zeroLoss);
            broken.update(brokenBuffer, new double[] {i - 3}, zeroLoss);
        }
        assertEquals(6, inflated.select(inflatedBuffer, new double[1]).weightSum());
        LambdaSelection none = broken.select(brokenBuffer, new double[1]);
        assertEquals(0, none.weightSum());
        assertTrue(none.infeasible());
        assertEquals(1, brokenBuffer.infeasibleCount());
    }

    @Test
    void rejectsBadArgumentsAndInfeasibleCapacities() {
        RiskTarget target = new RiskTarget(GRID, 0.1, 1);
        Similarity one = (a, b) -> 1;
        assertThrows(IllegalArgumentException.class, () -> new SimilarityWeightedRiskController(target, 0, one));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SimilarityWeightedRiskController(target, 9, one));
        assertTrue(e.getMessage().contains("capacity"), e.getMessage());
        SimilarityWeightedRiskController controller = new SimilarityWeightedRiskController(target, 10, one);
        CalibrationBuffer buffer = controller.newState();
        double[] zeroLoss = new double[GRID.size()];
        assertThrows(IllegalArgumentException.class, () -> controller.update(buffer, null, zeroLoss));
        assertThrows(IllegalArgumentException.class, () -> controller.update(buffer, new double[1], new double[3]));
        CalibrationBuffer otherCapacity = new CalibrationBuffer(11, GRID.size());
        assertThrows(IllegalArgumentException.class, () -> controller.select(otherCapacity, new double[1]));
        assertEquals(0, buffer.calibrationCount());
        assertThrows(IllegalArgumentException.class, () -> Similarity.gaussian(0));
        Similarity gaussian = Similarity.gaussian(2);
        assertEquals(Math.exp(-2.0 / 8), gaussian.between(new double[] {0, 1}, new double[] {1, 0}), 1e-15);
        assertEquals(0, gaussian.between(new double[] {0, 1}, new double[] {1}));
    }
}
