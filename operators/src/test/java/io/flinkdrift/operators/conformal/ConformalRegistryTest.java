package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.conformal.AbsoluteIntervalLoss;
import io.flinkdrift.core.conformal.AdaptiveRiskController;
import io.flinkdrift.core.conformal.DecayWeightedRiskController;
import io.flinkdrift.core.conformal.ExponentialDecay;
import io.flinkdrift.core.conformal.IntervalMiscoverageLoss;
import io.flinkdrift.core.conformal.LabelledElement;
import io.flinkdrift.core.conformal.LambdaGrid;
import io.flinkdrift.core.conformal.LambdaSelection;
import io.flinkdrift.core.conformal.PidRiskController;
import io.flinkdrift.core.conformal.RhoExpertsRiskController;
import io.flinkdrift.core.conformal.RiskController;
import io.flinkdrift.core.conformal.RiskTarget;
import io.flinkdrift.core.conformal.Similarity;
import io.flinkdrift.core.conformal.SimilarityWeightedRiskController;
import io.flinkdrift.operators.conformal.ConformalLossDeclaration.Answers;
import io.flinkdrift.operators.params.ParamDeclaration;
import io.flinkdrift.records.Prediction;
import org.apache.flink.ml.param.Param;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The declarations of {@link ConformalRegistry}: the defaults the {@code conformal} job has always
 * used, the controllers and tasks built through them equal to the core ones built by hand, settings
 * given as text equal to the typed ones, and a setting the chosen controller and loss do not take
 * refused.
 */
class ConformalRegistryTest {

    @Test
    void theDefaultsAreTheJobsDefaults() {
        Map<Param<?>, Object> nexCrc = ConformalRegistry.controller("nex-crc").params();
        assertEquals(0.1, nexCrc.get(HasAlpha.ALPHA));
        assertEquals("0:1:101", nexCrc.get(HasLambdaGrid.GRID));
        assertEquals(2, nexCrc.get(HasCalibrateEvery.CALIBRATE_EVERY));
        assertEquals("exponential", nexCrc.get(HasWeights.WEIGHTS));
        assertEquals(0.99, nexCrc.get(HasWeights.RHO));
        assertEquals(3_600_000.0, nexCrc.get(HasWeights.TAU));
        assertEquals(2500, nexCrc.get(HasSimilarity.CAPACITY));
        assertEquals(1.0, nexCrc.get(HasSimilarity.BANDWIDTH));
        assertEquals(0.05, ConformalRegistry.controller("aci").params().get(HasGamma.GAMMA));
        Map<Param<?>, Object> pid = ConformalRegistry.controller("pid").params();
        assertNull(pid.get(HasPidGains.ETA));
        assertTrue(pid.containsKey(HasPidGains.ETA));
        assertEquals(0.0, pid.get(HasPidGains.INTEGRAL_GAIN));
        assertEquals(1.0, pid.get(HasPidGains.SATURATION));
        Map<Param<?>, Object> experts = ConformalRegistry.controller("rho-experts").params();
        assertArrayEquals(new Double[] {0.98, 0.99, 0.995, 0.998, 0.999, 1.0}, (Double[]) experts.get(HasRhoExperts.RHOS));
        assertEquals(100.0, experts.get(HasRhoExperts.EXPERT_RATE));
        assertEquals(0.05, experts.get(HasRhoExperts.SHARE));
        assertEquals(0.05, experts.get(HasGamma.GAMMA));
        assertEquals(1.0, ConformalRegistry.loss("absolute").params().get(HasLossBound.BOUND));
    }

    /** Each controller takes exactly the params of its method, so a setting of another is refused. */
    @Test
    void eachControllerAndLossDeclaresTheParamsItUses() {
        assertEquals(List.of("alpha", "grid", "calibrateEvery", "weights", "rho", "tau", "capacity", "bandwidth"),
                names(ConformalRegistry.controller("nex-crc")));
        assertEquals(List.of("alpha", "grid", "calibrateEvery", "weights", "rho", "tau", "gamma"),
                names(ConformalRegistry.controller("aci")));
        assertEquals(List.of("alpha", "grid", "calibrateEvery", "eta", "integralGain", "saturation"),
                names(ConformalRegistry.controller("pid")));
        assertEquals(List.of("alpha", "grid", "calibrateEvery", "rhos", "expertRate", "share", "gamma"),
                names(ConformalRegistry.controller("rho-experts")));
        assertEquals(List.of(), names(ConformalRegistry.loss("interval")));
        assertEquals(List.of("bound"), names(ConformalRegistry.loss("absolute")));
        assertEquals(List.of("interval", "absolute"), ConformalRegistry.losses(Answers.INTERVALS).stream()
                .map(ConformalLossDeclaration::name).collect(Collectors.toList()));
        assertEquals(List.of("set"), ConformalRegistry.losses(Answers.SETS).stream()
                .map(ConformalLossDeclaration::name).collect(Collectors.toList()));
        assertEquals(List.of("fnr"), ConformalRegistry.losses(Answers.MULTILABEL_SETS).stream()
                .map(ConformalLossDeclaration::name).collect(Collectors.toList()));
        assertTrue(ConformalRegistry.loss("interval").miscoverage());
        assertTrue(ConformalRegistry.loss("set").miscoverage());
        assertFalse(ConformalRegistry.loss("absolute").miscoverage());
        assertFalse(ConformalRegistry.loss("fnr").miscoverage());
    }

    @Test
    void namesAreUniqueAndFoundIgnoringCase() {
        Set<String> names = new HashSet<>();
        for (ConformalControllerDeclaration declaration : ConformalRegistry.CONTROLLERS) {
            assertTrue(names.add(declaration.name()), declaration.name());
            assertSame(declaration, ConformalRegistry.controller(" " + declaration.name().toUpperCase() + " "));
        }
        for (ConformalLossDeclaration declaration : ConformalRegistry.LOSSES) {
            assertTrue(names.add(declaration.name()), declaration.name());
            assertSame(declaration, ConformalRegistry.loss(declaration.name().toUpperCase()));
        }
        assertEquals("controller must be one of nex-crc, aci, pid, rho-experts, got 'kalman'",
                assertThrows(IllegalArgumentException.class, () -> ConformalRegistry.controller("kalman")).getMessage());
        assertEquals("loss must be one of interval, absolute, set, fnr, got 'hinge'",
                assertThrows(IllegalArgumentException.class, () -> ConformalRegistry.loss("hinge")).getMessage());
    }

    /**
     * The controller each declaration builds answers, on a drifting stream fed back as the operators
     * do, exactly as the core controller built by hand with the same settings.
     */
    @Test
    void eachDeclarationBuildsTheCoreControllerOfItsSettings() {
        LambdaGrid grid = LambdaGrid.linspace(0, 2, 201);
        RiskTarget target = new RiskTarget(grid, 0.1, 1);
        assertSameAnswers(new DecayWeightedRiskController(target, ExponentialDecay.perArrival(0.99)),
                ConformalBuilder.forLoss(ConformalRegistry.INTERVAL).grid(0, 2, 201).riskController());
        assertSameAnswers(new DecayWeightedRiskController(target, ExponentialDecay.perEventTime(50)),
                ConformalBuilder.forLoss(ConformalRegistry.INTERVAL).grid(0, 2, 201)
                        .weights(HasWeights.TIME).tau(50).riskController());
        assertSameAnswers(new SimilarityWeightedRiskController(target, 40, Similarity.gaussian(0.5)),
                ConformalBuilder.forLoss(ConformalRegistry.INTERVAL).grid(0, 2, 201)
                        .weights(HasWeights.SIMILARITY).capacity(40).bandwidth(0.5).riskController());
        assertSameAnswers(new AdaptiveRiskController(new DecayWeightedRiskController(target, ExponentialDecay.none()),
                        0.02),
                ConformalBuilder.forLoss(ConformalRegistry.INTERVAL).grid(0, 2, 201)
                        .controller(ConformalRegistry.ACI).weights(HasWeights.UNIT).gamma(0.02)
                        .riskController());
        // eta by default 0.05 times the grid's range
        assertSameAnswers(new PidRiskController(target, 0.1, 0.5, 2),
                ConformalBuilder.forLoss(ConformalRegistry.INTERVAL).grid(0, 2, 201)
                        .controller(ConformalRegistry.PID).integrator(0.5, 2).riskController());
        assertSameAnswers(new RhoExpertsRiskController(target, new double[] {0.99, 0.999}, 50, 0.1, 0),
                ConformalBuilder.forLoss(ConformalRegistry.INTERVAL).grid(0, 2, 201)
                        .controller(ConformalRegistry.RHO_EXPERTS).rhos(0.99, 0.999).expertWeights(50, 0.1)
                        .gamma(0).riskController());
    }

    @Test
    void eachLossDeclarationMakesItsTask() {
        assertEquals(2.5, ConformalBuilder.forLoss(ConformalRegistry.ABSOLUTE).bound(2.5).task().lossBound());
        LambdaGrid grid = LambdaGrid.linspace(0, 3, 7);
        double[] curve = new double[grid.size()];
        Prediction labelled = new Prediction();
        labelled.prediction = 1;
        labelled.label = 3.2;
        ConformalBuilder.forLoss(ConformalRegistry.ABSOLUTE).bound(2.5).task().lossCurve(labelled, grid, curve);
        assertArrayEquals(new AbsoluteIntervalLoss(2.5).lossCurve(1.0, 3.2, grid), curve);
    }

    /** Settings given as text, as SQL and {@code --conformal} give them, equal the typed ones. */
    @Test
    void settingsFromTextEqualTheTypedSettings() {
        ConformalBuilder typed = ConformalBuilder.forLoss(ConformalRegistry.SET)
                .controller(ConformalRegistry.RHO_EXPERTS).alpha(0.2).grid(0, 1, 51).calibrateEvery(3)
                .rhos(0.99, 0.999).expertWeights(10, 0.01).gamma(0);
        ConformalBuilder text = ConformalBuilder.forLoss(ConformalRegistry.SET)
                .controller(ConformalRegistry.controller("rho-experts"))
                .set("alpha", "0.2").set("grid", "0:1:51").set("calibrateEvery", "3").set("rhos", "0.99; 0.999")
                .set("expertRate", "10").set("share", "0.01").set("gamma", "0");
        assertEquals(typed.controllerValues().getParamMap().keySet(), text.controllerValues().getParamMap().keySet());
        typed.controllerValues().getParamMap().forEach((param, value) -> {
            Object fromText = text.controllerValues().getParamMap().get(param);
            if (value instanceof Double[]) {
                assertArrayEquals((Double[]) value, (Double[]) fromText, param.name);
            } else if (param == HasLambdaGrid.GRID) {
                assertEquals(typed.lambdaGrid(), text.lambdaGrid());
            } else {
                assertEquals(value, fromText, param.name);
            }
        });
        assertSameAnswers(typed.riskController(), text.riskController());
    }

    @Test
    void aSettingTheControllerAndLossDoNotTakeOrAnInvalidValueIsRefused() {
        assertEquals("param rho does not apply to controller pid or loss interval",
                assertThrows(IllegalArgumentException.class, () -> ConformalBuilder.forLoss(ConformalRegistry.INTERVAL)
                        .rho(0.9).controller(ConformalRegistry.PID).build()).getMessage());
        assertEquals("param bound does not apply to controller nex-crc or loss set",
                assertThrows(IllegalArgumentException.class, () -> ConformalBuilder.forLoss(ConformalRegistry.SET)
                        .bound(2).build()).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConformalBuilder.forLoss(ConformalRegistry.SET)
                .set("window", "5")).getMessage().startsWith("conformal control has no param 'window'; its params are "
                        + "alpha, grid, calibrateEvery, weights, rho, tau, capacity, bandwidth, gamma, eta,"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConformalBuilder.forLoss(ConformalRegistry.SET)
                .set("weights", "gaussian")).getMessage().startsWith("param weights gaussian is invalid"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConformalBuilder.forLoss(ConformalRegistry.SET)
                .set("grid", "0:1")).getMessage().startsWith("param grid 0:1 is invalid"));
        assertEquals("controller aci takes exponential, time or unit weights",
                assertThrows(IllegalArgumentException.class, () -> ConformalBuilder.forLoss(ConformalRegistry.SET)
                        .controller(ConformalRegistry.ACI).weights(HasWeights.SIMILARITY)
                        .build()).getMessage());
        assertEquals("lambda grid: first (1.0) must be < last (0.0)",
                assertThrows(IllegalArgumentException.class, () -> ConformalBuilder.forLoss(ConformalRegistry.SET)
                        .set("grid", "1:0:5").build()).getMessage());
    }

    private static List<String> names(ParamDeclaration declaration) {
        return declaration.params().keySet().stream().map(param -> param.name).collect(Collectors.toList());
    }

    /** Both controllers select the same λ̂ on every element of a drifting interval stream, fed back alike. */
    private static void assertSameAnswers(RiskController<?> expected, RiskController<?> actual) {
        assertEquals(expected.target().grid(), actual.target().grid());
        double[] lambdas = answers(expected);
        assertArrayEquals(lambdas, answers(actual), expected.toString());
    }

    private static <S> double[] answers(RiskController<S> controller) {
        SplittableRandom random = new SplittableRandom(11);
        LambdaGrid grid = controller.target().grid();
        IntervalMiscoverageLoss loss = new IntervalMiscoverageLoss();
        S state = controller.newState();
        double[] lambdas = new double[600];
        for (int n = 0; n < lambdas.length; n++) {
            double predicted = random.nextGaussian();
            double truth = predicted + (n < 300 ? 0.2 : 0.6) * random.nextGaussian();
            double[] output = {predicted};
            LambdaSelection selection = controller.select(state, n, 10L * n, output);
            lambdas[n] = selection.lambda();
            controller.update(state, new LabelledElement(n, 10L * n, output, loss.lossCurve(predicted, truth, grid),
                    selection.gridIndex(), n % 2 == 0));
        }
        return lambdas;
    }
}
