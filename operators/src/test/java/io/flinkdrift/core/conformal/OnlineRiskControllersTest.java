package io.flinkdrift.core.conformal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The online controllers (adaptive conformal inference, conformal PID, ρ experts): exact agreement
 * with a brute-force reference, the deterministic long-run risk bound each guarantees for every
 * sequence (checked on drifting, changepoint and adversarial residual sequences), and tracking of a
 * changepoint that a fixed-ρ controller follows more slowly.
 */
class OnlineRiskControllersTest {

    /** Residuals stay below 1, so L(λ<sub>max</sub>) = 0 on this grid: the premise of every bound. */
    private static final LambdaGrid GRID = LambdaGrid.linspace(0, 1, 101);
    private static final IntervalMiscoverageLoss LOSS = new IntervalMiscoverageLoss();
    private static final SplitRule SPLIT = SplitRule.alternating();
    private static final int STEPS = 6000;

    /** A residual sequence; {@code shown} is the λ̂ the element is answered with (adversaries use it). */
    interface Residuals {
        double next(int n, double shown, SplittableRandom random);
    }

    private static final Residuals DRIFTING = (n, shown, random) ->
            Math.min(0.999, Math.abs(random.nextGaussian()) * (0.05 + 0.25 * n / STEPS));
    private static final Residuals CHANGEPOINTS = (n, shown, random) ->
            Math.min(0.999, Math.abs(random.nextGaussian()) * ((n / 1500) % 2 == 0 ? 0.05 : 0.3));
    /** Just outside the interval whenever possible: every answer below λ<sub>max</sub> miscovers. */
    private static final Residuals ADVERSARIAL = (n, shown, random) -> Math.min(0.999, shown + 0.005);

    /** Realised losses of the first {@link #STEPS} elements, each fed back after its answer. */
    private static <S> double[] run(RiskController<S> controller, Residuals residuals, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        S state = controller.newState();
        double[] losses = new double[STEPS];
        for (int n = 0; n < STEPS; n++) {
            LambdaSelection selection = controller.select(state, n, n, new double[0]);
            double[] curve = LOSS.lossCurve(0.0, residuals.next(n, selection.lambda(), random), GRID);
            losses[n] = curve[selection.gridIndex()];
            controller.update(state, new LabelledElement(n, n, new double[0], curve, selection.gridIndex(),
                    SPLIT.calibrates(n)));
        }
        return losses;
    }

    private static double mean(double[] values, int from) {
        double sum = 0;
        for (int i = from; i < values.length; i++) {
            sum += values[i];
        }
        return sum / (values.length - from);
    }

    @Test
    void adaptiveConformalInferenceEqualsCrcAtTheRunningLevel() {
        double alpha = 0.1;
        double gamma = 0.02;
        double rho = 0.98;
        RiskTarget target = new RiskTarget(GRID, alpha, 1);
        AdaptiveRiskController controller = new AdaptiveRiskController(
                new DecayWeightedRiskController(target, ExponentialDecay.perArrival(rho)), gamma);
        AdaptiveRiskState state = controller.newState();
        SplittableRandom random = new SplittableRandom(5);
        List<double[]> calibration = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        double level = alpha;
        for (int n = 0; n < 600; n++) {
            double[] weights = new double[positions.size()];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = Math.pow(rho, n - positions.get(i));
            }
            int expected = Math.min(BruteForceCrc.lambdaIndex(calibration, weights, level, 1, GRID.size()),
                    GRID.size() - 1);
            LambdaSelection selection = controller.select(state, n, n, new double[0]);
            assertEquals(expected, selection.gridIndex(), "element " + n);
            double[] curve = LOSS.lossCurve(0.0, CHANGEPOINTS.next(4 * n, 0, random), GRID);
            controller.update(state, new LabelledElement(n, n, new double[0], curve, selection.gridIndex(),
                    SPLIT.calibrates(n)));
            level += gamma * (alpha - curve[selection.gridIndex()]);
            if (SPLIT.calibrates(n)) {
                calibration.add(curve);
                positions.add(n);
            }
            assertEquals(level, state.level(), 1e-12);
        }
    }

    /** Gibbs and Candès, Proposition 4.1: |mean loss − α| ≤ (max(α, B − α) + γB)/(γT), for any sequence. */
    @Test
    void adaptiveConformalInferenceMeetsItsLongRunBoundOnEverySequence() {
        double alpha = 0.1;
        double gamma = 0.01;
        for (double rho : new double[] {1, 0.99}) {
            AdaptiveRiskController controller = new AdaptiveRiskController(new DecayWeightedRiskController(
                    new RiskTarget(GRID, alpha, 1), ExponentialDecay.perArrival(rho)), gamma);
            double bound = (Math.max(alpha, 1 - alpha) + gamma) / (gamma * STEPS);
            assertLongRunRisk(controller, alpha, bound);
        }
    }

    /** The paper's Proposition 1 (K_I = 0): |mean loss − α| ≤ (λ_max − λ_min + ηB)/(ηT), for any sequence. */
    @Test
    void quantileTrackingMeetsItsLongRunBoundOnEverySequence() {
        double alpha = 0.1;
        double eta = 0.05;
        PidRiskController controller = new PidRiskController(new RiskTarget(GRID, alpha, 1), eta, 0, 1);
        assertLongRunRisk(controller, alpha, (1 + eta) / (eta * STEPS));
    }

    /**
     * With the integrator (K_I = 0.5, C_sat = 5) the mean realised loss after 6000 elements stays
     * within 0.01 of α on every sequence.
     */
    @Test
    void pidControlWithTheIntegratorKeepsTheLongRunRiskAtAlpha() {
        double alpha = 0.1;
        assertLongRunRisk(new PidRiskController(new RiskTarget(GRID, alpha, 1), 0.05, 0.5, 5), alpha, 0.01);
    }

    /** The shared level bounds the experts' mixture as it bounds ACI: the same bound, for any sequence. */
    @Test
    void rhoExpertsMeetTheAdaptiveBoundOnEverySequence() {
        double alpha = 0.1;
        double gamma = 0.01;
        RhoExpertsRiskController controller = new RhoExpertsRiskController(
                new RiskTarget(GRID, alpha, 1), new double[] {0.95, 0.99, 0.999, 1}, 100, 0.05, gamma);
        assertLongRunRisk(controller, alpha, (Math.max(alpha, 1 - alpha) + gamma) / (gamma * STEPS));
    }

    private static void assertLongRunRisk(RiskController<?> controller, double alpha, double bound) {
        String[] names = {"drifting", "changepoints", "adversarial"};
        Residuals[] sequences = {DRIFTING, CHANGEPOINTS, ADVERSARIAL};
        for (int s = 0; s < sequences.length; s++) {
            double risk = mean(run(controller, sequences[s], 11 + s), 0);
            assertTrue(Math.abs(risk - alpha) <= bound,
                    controller + " on " + names[s] + ": mean loss " + risk + ", bound " + alpha + " +- " + bound);
        }
    }

    /**
     * The online choice of ρ alone (γ = 0, no adaptive level): after the upward changepoints of the
     * residual scale (0.05 to 0.3 at 1500 and 4500), the worst mean loss over the next 300 elements
     * is at least 0.05 below that of the slowest expert alone (fixed ρ = 0.999), for three seeds.
     */
    @Test
    void rhoExpertsTrackChangepointsBetterThanTheirSlowestExpert() {
        double alpha = 0.1;
        RiskTarget target = new RiskTarget(GRID, alpha, 1);
        RhoExpertsRiskController experts = new RhoExpertsRiskController(
                target, new double[] {0.95, 0.99, 0.999}, 100, 0.05, 0);
        RhoExpertsRiskController slowest = new RhoExpertsRiskController(target, new double[] {0.999}, 100, 0.05, 0);
        IntToDoubleFunction worstAfterChange = seed -> worstWindowAfterChangepoints(run(experts, CHANGEPOINTS, seed));
        IntToDoubleFunction worstSlowest = seed -> worstWindowAfterChangepoints(run(slowest, CHANGEPOINTS, seed));
        for (int seed = 0; seed < 3; seed++) {
            double adaptive = worstAfterChange.applyAsDouble(seed);
            double slow = worstSlowest.applyAsDouble(seed);
            assertTrue(adaptive + 0.05 <= slow, "seed " + seed + ": experts " + adaptive + " vs rho 0.999 " + slow);
        }
    }

    /** The largest mean loss over the 300 elements after each upward changepoint. */
    private static double worstWindowAfterChangepoints(double[] losses) {
        double worst = 0;
        for (int change = 1500; change < STEPS; change += 3000) {
            double sum = 0;
            for (int n = change; n < change + 300; n++) {
                sum += losses[n];
            }
            worst = Math.max(worst, sum / 300);
        }
        return worst;
    }

    @Test
    void invalidConfigurationsAreRefused() {
        RiskTarget target = new RiskTarget(GRID, 0.1, 1);
        DecayWeightedRiskController base = new DecayWeightedRiskController(target, ExponentialDecay.none());
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveRiskController(base, 0));
        assertThrows(IllegalArgumentException.class, () -> new PidRiskController(target, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new PidRiskController(target, 0.1, -1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new RhoExpertsRiskController(target, new double[] {0.99, 0.99}, 1, 0, 0));
        IllegalArgumentException infeasible = assertThrows(IllegalArgumentException.class,
                () -> new RhoExpertsRiskController(target, new double[] {0.8, 0.99}, 1, 0, 0));
        assertTrue(infeasible.getMessage().contains("infeasible"), infeasible.getMessage());
    }

    @Test
    void anInvalidLossCurveLeavesTheStateUnchanged() {
        RiskTarget target = new RiskTarget(GRID, 0.1, 1);
        PidRiskController pid = new PidRiskController(target, 0.05, 0.5, 5);
        PidRiskState pidState = pid.newState();
        double[] increasing = new double[GRID.size()];
        increasing[GRID.size() - 1] = 1;
        LabelledElement invalid = new LabelledElement(0, 0, new double[0], increasing, 0, true);
        assertThrows(IllegalArgumentException.class, () -> pid.update(pidState, invalid));
        assertEquals(pid.newState(), pidState);
        RhoExpertsRiskController experts = new RhoExpertsRiskController(target, new double[] {0.99, 1}, 1, 0, 0.1);
        RhoExpertsState expertsState = experts.newState();
        assertThrows(IllegalArgumentException.class, () -> experts.update(expertsState, invalid));
        assertEquals(experts.newState(), expertsState);
    }
}
