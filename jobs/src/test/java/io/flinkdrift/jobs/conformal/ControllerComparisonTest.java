package io.flinkdrift.jobs.conformal;

import io.flinkdrift.core.conformal.AdaptiveRiskController;
import io.flinkdrift.core.conformal.LambdaGrid;
import io.flinkdrift.core.conformal.PidRiskController;
import io.flinkdrift.core.conformal.RhoExpertsRiskController;
import io.flinkdrift.core.conformal.RiskController;
import io.flinkdrift.core.conformal.RiskTarget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The synthetic multilabel task of Farinhas et al. (ICLR 2024, §4.1) with the operators' streaming
 * semantics: the online controllers (conformal PID, ρ experts, ACI over non-exchangeable CRC) keep the
 * mean false-negative rate after the warm-up within 0.01 of α = 0.2 on iid data, across changepoints
 * and under drift, at the paper's noise 0.1 (10 trials with fixed seeds, as {@link
 * ControllerComparison} prints them).
 */
class ControllerComparisonTest {

    private static final LambdaGrid GRID = LambdaGrid.linspace(0, 1, 50);

    @ParameterizedTest(name = "{0}")
    @CsvSource({"IID", "CHANGEPOINTS", "DRIFT"})
    void onlineControllersKeepTheFalseNegativeRateWithinOneHundredthOfAlpha(
            ControllerComparison.Setting setting) {
        List<double[][]> trials = new ArrayList<>();
        for (long trial = 0; trial < 10; trial++) {
            trials.add(ControllerComparison.multilabelCurves(setting, 0.1, 1000L * setting.ordinal() + trial, GRID));
        }
        RiskTarget target = new RiskTarget(GRID, 0.2, 1);
        for (var entry : ControllerComparison.controllers(target).entrySet()) {
            if (!isOnline(entry.getValue())) {
                continue;
            }
            double fnr = 0;
            for (double[][] curves : trials) {
                fnr += ControllerComparison.evaluate(curves, ControllerComparison.replay(entry.getValue(), curves),
                        GRID::value).meanLoss() / trials.size();
            }
            assertTrue(Math.abs(fnr - 0.2) <= 0.01, setting + ", " + entry.getKey() + ": mean FNR " + fnr);
        }
    }

    private static boolean isOnline(RiskController<?> controller) {
        return controller instanceof AdaptiveRiskController || controller instanceof PidRiskController
                || controller instanceof RhoExpertsRiskController;
    }
}
