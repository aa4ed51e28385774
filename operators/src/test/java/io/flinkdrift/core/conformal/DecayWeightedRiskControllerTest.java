package io.flinkdrift.core.conformal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecayWeightedRiskControllerTest {

    private static final LambdaGrid GRID = LambdaGrid.linspace(0, 2, 101);

    @Test
    void unitWeightsEqualBruteForceCrcOverAnExplicitBuffer() {
        SplittableRandom random = new SplittableRandom(11);
        int compared = 0;
        for (int stream = 0; stream < 30; stream++) {
            int length = 1 + random.nextInt(400);
            List<double[]> curves = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                curves.add(BruteForceCrc.randomCurve(random, GRID));
            }
            for (int a = 0; a < 20; a++) {
                double alpha = 0.001 + 0.9 * random.nextDouble();
                DecayWeightedRiskController controller =
                        new DecayWeightedRiskController(new RiskTarget(GRID, alpha, 1), ExponentialDecay.none());
                DecayingLossSums state = controller.newState();
                for (int i = 0; i < length; i++) {
                    controller.update(state, 3L * i + random.nextInt(3), curves.get(i));
                }
                double[] unitWeights = new double[length];
                Arrays.fill(unitWeights, 1);
                int expected = BruteForceCrc.lambdaIndex(curves, unitWeights, alpha, 1, GRID.size());
                LambdaSelection selection = controller.select(state, 3L * length);
                assertEquals(expected == GRID.size(), selection.infeasible());
                assertEquals(Math.min(expected, GRID.size() - 1), selection.gridIndex());
                assertEquals(GRID.value(selection.gridIndex()), selection.lambda());
                assertEquals(length, selection.weightSum());
                compared++;
            }
        }
        assertEquals(600, compared);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.9, 0.99, 0.999})
    void streamingSumsEqualBruteForceWeightedSumsWithGapsAndLateLabels(double rho) {
        SplittableRandom random = new SplittableRandom(Double.hashCode(rho));
        DecayWeightedRiskController controller =
                new DecayWeightedRiskController(new RiskTarget(GRID, 0.2, 1), ExponentialDecay.perArrival(rho));
        DecayingLossSums state = controller.newState();
        List<double[]> curves = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        List<Long> delayed = new ArrayList<>();
        List<double[]> delayedCurves = new ArrayList<>();
        long position = 0;
        // 5000 elements with gaps of 1..5 positions span ~15000 positions: with rho = 0.9 the state
        // rebases about nine times.
        for (int i = 0; i < 5000; i++) {
            position += 1 + random.nextInt(5);
            double[] curve = BruteForceCrc.randomCurve(random, GRID);
            if (random.nextDouble() < 0.2) {
                delayed.add(position);
                delayedCurves.add(curve);
            } else {
                controller.update(state, position, curve);
                curves.add(curve);
                positions.add(position);
            }
            if (!delayed.isEmpty() && random.nextDouble() < 0.15) {
                int k = random.nextInt(delayed.size());
                controller.update(state, delayed.get(k), delayedCurves.get(k));
                positions.add(delayed.remove(k));
                curves.add(delayedCurves.remove(k));
            }
            if (i % 97 == 0) {
                long query = position + random.nextInt(4) - (random.nextDouble() < 0.1 ? 10 : 0);
                assertSumsMatch(controller, state, query, curves, positions, p -> Math.pow(rho, p));
            }
        }
    }

    @Test
    void eventTimeSumsEqualBruteForceWithSharedTimestampsAndLateLabels() {
        double tau = 250;
        SplittableRandom random = new SplittableRandom(5);
        DecayWeightedRiskController controller =
                new DecayWeightedRiskController(new RiskTarget(GRID, 0.1, 1), ExponentialDecay.perEventTime(tau));
        DecayingLossSums state = controller.newState();
        List<double[]> curves = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        long time = 1_700_000_000_000L;
        for (int i = 0; i < 3000; i++) {
            time += random.nextInt(40);
            long eventTime = random.nextDouble() < 0.2 ? time - random.nextInt(500) : time;
            double[] curve = BruteForceCrc.randomCurve(random, GRID);
            controller.update(state, eventTime, curve);
            curves.add(curve);
            times.add(eventTime);
            if (i % 101 == 0) {
                assertSumsMatch(controller, state, time + random.nextInt(100), curves, times,
                        lag -> Math.exp(-lag / tau));
            }
        }
    }

    private static void assertSumsMatch(DecayWeightedRiskController controller, DecayingLossSums state,
            long query, List<double[]> curves, List<Long> positions, DoubleUnaryOperator weight) {
        long effective = Math.max(query, positions.stream().mapToLong(Long::longValue).max().orElse(query));
        double expectedWeightSum = 0;
        double[] expectedSums = new double[GRID.size()];
        for (int i = 0; i < curves.size(); i++) {
            double w = weight.applyAsDouble(effective - positions.get(i));
            expectedWeightSum += w;
            for (int g = 0; g < expectedSums.length; g++) {
                expectedSums[g] += w * curves.get(i)[g];
            }
        }
        assertRelativelyEqual(expectedWeightSum, controller.weightSum(state, query));
        double[] sums = controller.weightedLossSums(state, query);
        for (int g = 0; g < sums.length; g++) {
            assertRelativelyEqual(expectedSums[g], sums[g]);
        }
    }

    private static void assertRelativelyEqual(double expected, double actual) {
        assertEquals(expected, actual, 1e-12 * Math.abs(expected), () -> expected + " vs " + actual);
    }

    @Test
    void selectionIsNonIncreasingInAlphaAndNonDecreasingInTheLossBound() {
        SplittableRandom random = new SplittableRandom(3);
        List<double[]> curves = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            curves.add(BruteForceCrc.randomCurve(random, GRID));
        }
        for (ExponentialDecay decay : List.of(ExponentialDecay.none(), ExponentialDecay.perArrival(0.99))) {
            int previous = Integer.MAX_VALUE;
            for (double alpha = 0.02; alpha < 1; alpha += 0.01) {
                int index = selectAfter(curves, new RiskTarget(GRID, alpha, 1), decay).gridIndex();
                assertTrue(index <= previous, "alpha " + alpha + ": index " + index + " > " + previous);
                previous = index;
            }
            assertTrue(previous < GRID.size() / 4, "large alpha must give small sets");
            previous = -1;
            for (double bound = 1; bound <= 3; bound += 0.05) {
                int index = selectAfter(curves, new RiskTarget(GRID, 0.3, bound), decay).gridIndex();
                assertTrue(index >= previous, "B " + bound + ": index " + index + " < " + previous);
                previous = index;
            }
        }
    }

    private static LambdaSelection selectAfter(List<double[]> curves, RiskTarget target, ExponentialDecay decay) {
        DecayWeightedRiskController controller = new DecayWeightedRiskController(target, decay);
        DecayingLossSums state = controller.newState();
        for (int i = 0; i < curves.size(); i++) {
            controller.update(state, i, curves.get(i));
        }
        return controller.select(state, curves.size());
    }

    @Test
    void refusesConfigurationsAboveTheEffectiveSampleSizeCeiling() {
        RiskTarget target = new RiskTarget(GRID, 0.01, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DecayWeightedRiskController(target, ExponentialDecay.perArrival(0.99)));
        assertTrue(e.getMessage().contains("effective sample size"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new DecayWeightedRiskController(new RiskTarget(GRID, 0.19, 2),
                        ExponentialDecay.perArrival(0.9)));
        // Just above the ceiling (alpha / (1 - rho) > B) is accepted, as are unit and time weights.
        new DecayWeightedRiskController(new RiskTarget(GRID, 0.0101, 1), ExponentialDecay.perArrival(0.99));
        new DecayWeightedRiskController(target, ExponentialDecay.none());
        new DecayWeightedRiskController(target, ExponentialDecay.perEventTime(10));
    }

    @Test
    void infeasibleQueriesReturnLambdaMaxAndAreCounted() {
        DecayWeightedRiskController controller =
                new DecayWeightedRiskController(new RiskTarget(GRID, 0.1, 1), ExponentialDecay.none());
        DecayingLossSums state = controller.newState();
        LambdaSelection empty = controller.select(state, 0);
        assertTrue(empty.infeasible());
        assertEquals(GRID.max(), empty.lambda());
        assertEquals(GRID.size() - 1, empty.gridIndex());
        assertEquals(0, empty.weightSum());
        double[] zeroLoss = new double[GRID.size()];
        // B <= alpha (N + 1) needs N >= 9 calibration elements even when every loss is 0.
        for (int i = 0; i < 8; i++) {
            controller.update(state, i, zeroLoss);
            assertTrue(controller.select(state, i + 1).infeasible());
        }
        assertEquals(9, state.infeasibleCount());
        controller.update(state, 8, zeroLoss);
        assertFalse(controller.select(state, 9).infeasible());
        assertEquals(9, state.infeasibleCount());
    }

    @Test
    void allFeasibleGridSelectsTheSmallestLambda() {
        LambdaGrid grid = LambdaGrid.linspace(0.5, 1, 11);
        DecayWeightedRiskController controller =
                new DecayWeightedRiskController(new RiskTarget(grid, 0.2, 1), ExponentialDecay.perArrival(0.99));
        DecayingLossSums state = controller.newState();
        double[] zeroLoss = new double[grid.size()];
        for (int i = 0; i < 100; i++) {
            controller.update(state, i, zeroLoss);
        }
        LambdaSelection selection = controller.select(state, 100);
        assertEquals(0, selection.gridIndex());
        assertEquals(0.5, selection.lambda());
        assertFalse(selection.infeasible());
    }

    @Test
    void queriesBeforeTheNewestCalibrationPositionAreAnsweredAtIt() {
        DecayWeightedRiskController controller =
                new DecayWeightedRiskController(new RiskTarget(GRID, 0.1, 1), ExponentialDecay.perArrival(0.9));
        DecayingLossSums state = controller.newState();
        controller.update(state, 10, new double[GRID.size()]);
        controller.update(state, 20, new double[GRID.size()]);
        assertEquals(1 + Math.pow(0.9, 10), controller.weightSum(state, 5), 1e-15);
        assertEquals(1 + Math.pow(0.9, 10), controller.weightSum(state, 20), 1e-15);
        assertEquals(Math.pow(0.9, 3) * (1 + Math.pow(0.9, 10)), controller.weightSum(state, 23), 1e-15);
    }

    @Test
    void invalidLossCurvesAreRejectedAndLeaveTheStateUnchanged() {
        LambdaGrid grid = LambdaGrid.linspace(0, 1, 4);
        DecayWeightedRiskController controller =
                new DecayWeightedRiskController(new RiskTarget(grid, 0.1, 1), ExponentialDecay.perArrival(0.99));
        DecayingLossSums state = controller.newState();
        controller.update(state, 0, new double[] {1, 0.5, 0.5, 0});
        DecayingLossSums before = new DecayingLossSumsCodec().copy(state);
        for (double[] bad : new double[][] {
            {1, 0.5, 0.6, 0}, {1.5, 1, 0, 0}, {0, 0, 0, -0.1}, {1, Double.NaN, 0, 0}, {1, 0}, null}) {
            assertThrows(IllegalArgumentException.class, () -> controller.update(state, 1, bad));
            assertEquals(before, state);
        }
        assertThrows(IllegalArgumentException.class, () -> controller.select(new DecayingLossSums(5), 1));
    }

    @Test
    void configurationIsValidatedWithMessagesNamingTheParameter() {
        assertMessage("alpha", () -> new RiskTarget(GRID, 0, 1));
        assertMessage("alpha", () -> new RiskTarget(GRID, 1, 1));
        assertMessage("alpha", () -> new RiskTarget(GRID, Double.NaN, 1));
        assertMessage("lossBound", () -> new RiskTarget(GRID, 0.1, 0));
        assertMessage("lossBound", () -> new RiskTarget(GRID, 0.1, Double.POSITIVE_INFINITY));
        assertMessage("grid", () -> new RiskTarget(null, 0.1, 1));
        assertMessage("rho", () -> ExponentialDecay.perArrival(0));
        assertMessage("rho", () -> ExponentialDecay.perArrival(1.01));
        assertMessage("tau", () -> ExponentialDecay.perEventTime(0));
        assertMessage("tau", () -> ExponentialDecay.perEventTime(Double.POSITIVE_INFINITY));
        assertMessage("G >= 1", LambdaGrid::new);
        assertMessage("strictly increasing", () -> new LambdaGrid(0, 0.5, 0.5));
        assertMessage("finite", () -> new LambdaGrid(0, Double.NaN));
        assertMessage("size", () -> LambdaGrid.linspace(0, 1, 0));
        assertMessage("first", () -> LambdaGrid.linspace(1, 0, 5));
    }

    private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable executable) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void linspaceMatchesNumpy() {
        LambdaGrid grid = LambdaGrid.linspace(0, 1, 5);
        assertEquals(List.of(0.0, 0.25, 0.5, 0.75, 1.0),
                Arrays.stream(grid.values()).boxed().toList());
        assertEquals(1.0, grid.max());
        assertEquals(1, LambdaGrid.linspace(0.3, 0.3, 1).size());
    }
}
