package io.flinkdrift.core.conformal;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConformalLossesTest {

    private static final LambdaGrid GRID = LambdaGrid.linspace(0, 1, 5);

    @Test
    void intervalMiscoverageIsOneOutsideTheInterval() {
        double[] curve = new IntervalMiscoverageLoss().lossCurve(2.0, 2.6, GRID);
        assertArrayEquals(new double[] {1, 1, 1, 0, 0}, curve);
        assertArrayEquals(new double[] {0, 0, 0, 0, 0}, new IntervalMiscoverageLoss().lossCurve(2.0, 2.0, GRID));
        assertArrayEquals(new double[] {1, 1, 1, 1, 1},
                new IntervalMiscoverageLoss().lossCurve(Double.NaN, 2.0, GRID));
    }

    @Test
    void absoluteLossIsTheClippedDistanceToTheInterval() {
        AbsoluteIntervalLoss loss = new AbsoluteIntervalLoss(0.5);
        assertArrayEquals(new double[] {0.5, 0.35, 0.1, 0, 0}, loss.lossCurve(1.0, 0.4, GRID), 1e-15);
        double[] allBound = {0.5, 0.5, 0.5, 0.5, 0.5};
        assertArrayEquals(allBound, loss.lossCurve(Double.POSITIVE_INFINITY, 0.4, GRID));
        assertArrayEquals(allBound, loss.lossCurve(null, 0.4, GRID));
        assertThrows(IllegalArgumentException.class, () -> loss.lossCurve(1.0, Double.NaN, GRID));
        assertThrows(IllegalArgumentException.class, () -> loss.lossCurve(1.0, 1.0, GRID, new double[2]));
        assertThrows(IllegalArgumentException.class, () -> new AbsoluteIntervalLoss(0));
    }

    @Test
    void setMiscoverageUsesThresholdSetsOnTheTrueClassProbability() {
        SetMiscoverageLoss loss = new SetMiscoverageLoss();
        double[] probabilities = {0.1, 0.6, 0.3};
        // class 1 enters when 0.6 >= 1 - lambda, i.e. lambda >= 0.4: grid 0.5 onwards
        assertArrayEquals(new double[] {1, 1, 0, 0, 0}, loss.lossCurve(probabilities, 1, GRID));
        assertArrayEquals(new double[] {1, 1, 1, 1, 0}, loss.lossCurve(probabilities, 0, GRID));
        // a class the model has not seen has probability 0 and is covered only at lambda = 1
        assertArrayEquals(new double[] {1, 1, 1, 1, 0}, loss.lossCurve(probabilities, 7, GRID));
        assertArrayEquals(new int[] {1, 2}, loss.predictionSet(probabilities, 0.75));
        assertThrows(IllegalArgumentException.class, () -> loss.lossCurve(probabilities, -1, GRID));
        assertThrows(IllegalArgumentException.class, () -> loss.lossCurve(null, 0, GRID));
    }

    @Test
    void falseNegativeRateCountsMissedPositivesAndIsZeroWithoutPositives() {
        FalseNegativeRateLoss loss = new FalseNegativeRateLoss();
        double[] scores = {0.9, 0.2, 0.55, 0.8};
        boolean[] positives = {true, true, false, true};
        // thresholds 1 - lambda: 1, .75, .5, .25, 0; positives 0.9, 0.2, 0.8 enter at indices 1, 4, 1
        assertArrayEquals(new double[] {1, 1.0 / 3, 1.0 / 3, 1.0 / 3, 0}, loss.lossCurve(scores, positives, GRID));
        assertArrayEquals(new double[5], loss.lossCurve(scores, new boolean[4], GRID));
        assertArrayEquals(new int[] {0, 2, 3}, loss.predictionSet(scores, 0.5));
        double[] nanScores = {Double.NaN};
        assertArrayEquals(new double[] {1, 1, 1, 1, 1}, loss.lossCurve(nanScores, new boolean[] {true}, GRID));
    }

    @Test
    void lossCurvesEqualTheLossOfTheSetsShownToTestElements() {
        SplittableRandom random = new SplittableRandom(17);
        LambdaGrid grid = LambdaGrid.linspace(0, 1, 50);
        FalseNegativeRateLoss fnr = new FalseNegativeRateLoss();
        SetMiscoverageLoss miscoverage = new SetMiscoverageLoss();
        for (int trial = 0; trial < 500; trial++) {
            int labels = 1 + random.nextInt(10);
            double[] scores = random.doubles(labels).toArray();
            boolean[] positives = new boolean[labels];
            for (int m = 0; m < labels; m++) {
                positives[m] = random.nextBoolean();
            }
            int trueClass = random.nextInt(labels);
            double[] fnrCurve = fnr.lossCurve(scores, positives, grid);
            double[] miscoverageCurve = miscoverage.lossCurve(scores, trueClass, grid);
            for (int g = 0; g < grid.size(); g++) {
                int[] set = fnr.predictionSet(scores, grid.value(g));
                int positiveCount = 0;
                int missed = 0;
                for (int m = 0; m < labels; m++) {
                    if (positives[m]) {
                        positiveCount++;
                        missed += Arrays.binarySearch(set, m) < 0 ? 1 : 0;
                    }
                }
                assertEquals(positiveCount == 0 ? 0 : (double) missed / positiveCount, fnrCurve[g], 1e-15);
                int[] classes = miscoverage.predictionSet(scores, grid.value(g));
                boolean covered = Arrays.binarySearch(classes, trueClass) >= 0;
                assertEquals(covered ? 0 : 1, miscoverageCurve[g]);
            }
            new RiskTarget(grid, 0.1, 1).checkLossCurve(fnrCurve);
        }
    }
}
