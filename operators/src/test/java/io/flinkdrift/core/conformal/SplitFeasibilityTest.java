package io.flinkdrift.core.conformal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The feasibility check accounts for the calibration split: with every second element calibrating,
 * N<sub>w</sub> ≤ ρ²/(1 − ρ²) ≈ 49.25 at ρ = 0.99, so α = 0.015 (the configuration that used to start
 * and answer λ<sub>max</sub> for every element) is refused, and the refusal is right: even losses of
 * 0 on every calibration element never give a non-trivial answer. Just above the ceiling (α = 0.021)
 * answers become non-trivial, and an adaptive level is never stuck.
 */
class SplitFeasibilityTest {

    private static final LambdaGrid GRID = LambdaGrid.linspace(0, 1, 101);

    @Test
    void effectiveSampleSizeCeilingFollowsTheCalibrationGap() {
        ExponentialDecay decay = ExponentialDecay.perArrival(0.99);
        assertEquals(0.99 / 0.01, decay.maxWeightSum(1), 1e-9);
        assertEquals(0.9801 / 0.0199, decay.maxWeightSum(2), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, ExponentialDecay.none().maxWeightSum(2));
        assertEquals(Double.POSITIVE_INFINITY, ExponentialDecay.perEventTime(1000).maxWeightSum(2));
        assertEquals(2, SplitRule.alternating().calibrationGap());
        assertEquals(1, ((SplitRule) index -> true).calibrationGap());
    }

    @Test
    void aConfigurationTheSplitCanNeverMeetIsRefused() {
        DecayWeightedRiskController controller = new DecayWeightedRiskController(
                new RiskTarget(GRID, 0.015, 1), ExponentialDecay.perArrival(0.99));
        assertDoesNotThrow(() -> controller.checkFeasible(SplitRule.calibrateEvery(1)));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> controller.checkFeasible(SplitRule.alternating()));
        assertTrue(refused.getMessage().contains("one calibrating element every 2 positions"), refused.getMessage());
        assertEquals(5000, trivialAnswers(controller, SplitRule.alternating()), "the refusal is right");
    }

    @Test
    void justAboveTheCeilingAnswersBecomeNonTrivial() {
        DecayWeightedRiskController controller = new DecayWeightedRiskController(
                new RiskTarget(GRID, 0.021, 1), ExponentialDecay.perArrival(0.99));
        assertDoesNotThrow(() -> controller.checkFeasible(SplitRule.alternating()));
        assertTrue(trivialAnswers(controller, SplitRule.alternating()) < 1000);
    }

    @Test
    void anAdaptiveLevelIsNeverStuck() {
        AdaptiveRiskController adaptive = new AdaptiveRiskController(new DecayWeightedRiskController(
                new RiskTarget(GRID, 0.015, 1), ExponentialDecay.perArrival(0.99)), 0.01);
        assertDoesNotThrow(() -> adaptive.checkFeasible(SplitRule.alternating()));
        assertTrue(trivialAnswers(adaptive, SplitRule.alternating()) < 5000);
        RhoExpertsRiskController fixedLevel = new RhoExpertsRiskController(
                new RiskTarget(GRID, 0.015, 1), new double[] {0.99, 1}, 1, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> fixedLevel.checkFeasible(SplitRule.alternating()));
        assertTrue(trivialAnswers(new PidRiskController(new RiskTarget(GRID, 0.015, 1), 0.05, 0, 1),
                SplitRule.alternating()) < 5000);
    }

    /** Answers equal to λ<sub>max</sub> among 5000 elements whose loss is 0 on every grid value but the first. */
    private static <S> int trivialAnswers(RiskController<S> controller, SplitRule split) {
        double[] curve = new double[GRID.size()];
        curve[0] = 1;
        S state = controller.newState();
        int trivial = 0;
        for (int n = 0; n < 5000; n++) {
            LambdaSelection selection = controller.select(state, n, n, new double[0]);
            if (selection.gridIndex() == GRID.size() - 1) {
                trivial++;
            }
            controller.update(state, new LabelledElement(n, n, new double[0], curve, selection.gridIndex(),
                    split.calibrates(n)));
        }
        return trivial;
    }
}
