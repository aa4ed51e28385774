package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.conformal.DecayWeightedRiskController;
import io.flinkdrift.core.conformal.DecayingLossSums;
import io.flinkdrift.core.conformal.ExponentialDecay;
import io.flinkdrift.core.conformal.FalseNegativeRateLoss;
import io.flinkdrift.core.conformal.LambdaGrid;
import io.flinkdrift.core.conformal.LambdaSelection;
import io.flinkdrift.core.conformal.RiskTarget;
import io.flinkdrift.core.conformal.ScoreThresholdSet;
import io.flinkdrift.core.conformal.SplitRule;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Label;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The multilabel truth is {@link Prediction#positiveLabels}, not a bitmask in the label: the
 * false-negative-rate loss reads it, a truth given as one number (a late label) is decoded from its
 * bitmask, and the answers equal the core controller driven with the positive-label flags directly.
 */
class MultilabelTruthTest {

    private static final LambdaGrid GRID = LambdaGrid.linspace(0, 1, 51);
    private static final int LABELS = 5;

    @Test
    void aBitmaskTruthBecomesThePositiveLabelsAndAnInvalidOneStaysALabelWithoutLoss() {
        ConformalTask task = ConformalTask.labelSet();
        Prediction prediction = new Prediction();
        task.attachTruth(0b10110, prediction);
        assertArrayEquals(new int[] {1, 2, 4}, prediction.positiveLabels);
        assertTrue(Double.isNaN(prediction.label) && prediction.labelled());
        prediction.probabilities = new double[] {0.9, 0.8, 0.1, 0.3, 0.6};
        double[] curve = new double[GRID.size()];
        task.lossCurve(prediction, GRID, curve);
        assertArrayEquals(new FalseNegativeRateLoss().lossCurve(prediction.probabilities,
                new boolean[] {false, true, true, false, true}, GRID), curve, 0.0);

        for (double invalid : new double[] {3.5, -1, Math.pow(2, 52)}) {
            Prediction bad = new Prediction();
            task.attachTruth(invalid, bad);
            assertNull(bad.positiveLabels);
            assertEquals(invalid, bad.label, 0.0);
            bad.probabilities = prediction.probabilities;
            assertThrows(IllegalArgumentException.class, () -> task.lossCurve(bad, GRID, curve));
        }
        Prediction single = new Prediction();
        ConformalTask.classSet().attachTruth(2, single);
        assertEquals(2.0, single.label, 0.0);
        assertNull(single.positiveLabels, "a single-label truth stays in label");
    }

    /**
     * Multilabel answers whose truths come late, as bitmask labels, against the core controller
     * updated with the loss curves of the positive-label flags in the same order.
     */
    @Test
    void lateBitmaskLabelsGiveTheCoreControllersLosses() throws Exception {
        DecayWeightedRiskController controller =
                new DecayWeightedRiskController(new RiskTarget(GRID, 0.2, 1), ExponentialDecay.perArrival(0.95));
        KeyedConformal<DecayingLossSums> conformal =
                new KeyedConformal<>(ConformalTask.labelSet(), controller, SplitRule.calibrateEvery(1));
        Random random = new Random(5);
        int n = 200;
        List<double[]> scores = new ArrayList<>();
        List<boolean[]> truths = new ArrayList<>();
        List<ConformalPrediction> answers;
        List<ConformalPrediction> resolved = new ArrayList<>();
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new DelayedLabelConformalFunction(conformal, 1_000_000)),
                (Prediction p) -> p.key, (Label l) -> l.key, Types.STRING)) {
            h.open();
            for (int i = 0; i < n; i++) {
                double[] s = new double[LABELS];
                boolean[] positives = new boolean[LABELS];
                long bitmask = 0;
                for (int m = 0; m < LABELS; m++) {
                    positives[m] = random.nextDouble() < 0.4;
                    s[m] = Math.min(1, Math.max(0, (positives[m] ? 0.6 : 0.3) + 0.3 * random.nextGaussian()));
                    bitmask |= positives[m] ? 1L << m : 0;
                }
                scores.add(s);
                truths.add(positives);
                Example e = new Example(i, "k", i, new double[0], Double.NaN, Example.UNKNOWN_CONCEPT);
                h.processElement1(new Prediction(e, 0, s, 0), i);
                Label label = new Label();
                label.id = i;
                label.key = "k";
                label.timestamp = i;
                label.value = bitmask;
                h.processElement2(label, i);
            }
            answers = h.extractOutputValues();
            h.getSideOutput(DelayedLabelConformalFunction.LABELLED_ANSWERS).forEach(r -> resolved.add(r.getValue()));
        }
        assertEquals(n, answers.size());
        assertEquals(n, resolved.size());
        DecayingLossSums state = controller.newState();
        FalseNegativeRateLoss loss = new FalseNegativeRateLoss();
        double lossSum = 0;
        for (int i = 0; i < n; i++) {
            LambdaSelection expected = controller.select(state, i);
            ConformalPrediction answer = resolved.get(i);
            assertEquals(expected.lambda(), answer.lambda, 0.0, "lambda " + i);
            assertArrayEquals(ScoreThresholdSet.members(scores.get(i), expected.lambda()), answer.set);
            double[] curve = loss.lossCurve(scores.get(i), truths.get(i), GRID);
            assertEquals(curve[expected.gridIndex()], answer.loss, 0.0, "loss " + i);
            assertTrue(Double.isNaN(answer.label));
            List<Integer> positives = new ArrayList<>();
            for (int m = 0; m < LABELS; m++) {
                if (truths.get(i)[m]) {
                    positives.add(m);
                }
            }
            assertArrayEquals(positives.stream().mapToInt(Integer::intValue).toArray(), answer.positiveLabels);
            lossSum += curve[expected.gridIndex()];
            assertEquals(lossSum / (i + 1), answer.runningRisk, 1e-12);
            controller.update(state, i, curve);
        }
    }
}
