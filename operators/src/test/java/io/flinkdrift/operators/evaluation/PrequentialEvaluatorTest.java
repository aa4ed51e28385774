package io.flinkdrift.operators.evaluation;

import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrequentialEvaluatorTest {

    private static final double TOLERANCE = 1e-12;

    /**
     * Key "a", W = 2, alpha = 0.5, a report every 2 labelled predictions:
     * <pre>
     *   #  label  predicted  probabilities   correct  -ln p_true   Brier
     *   1  0      0          [0.8, 0.2]      yes      -ln 0.8      0.08
     *   -  unlabelled
     *   3  1      0          [0.6, 0.4]      no       -ln 0.4      0.72
     *   -  label 1.5: invalid
     *   4  1      1          [0.1, 0.9]      yes      -ln 0.9      0.02
     *   5  2      none (-1)  []              no       -ln 1e-15    1
     * </pre>
     */
    private static List<Prediction> classificationStream() {
        return List.of(
                prediction("a", 1, 0, 0, 0.8, 0.2),
                prediction("a", 2, Double.NaN, 1, 0.5, 0.5),
                prediction("a", 3, 1, 0, 0.6, 0.4),
                prediction("b", 4, 0, 0, 1.0),
                prediction("a", 5, 1.5, 1, 0.5, 0.5),
                prediction("a", 6, 1, 1, 0.1, 0.9),
                prediction("a", 7, 2, -1));
    }

    @Test
    void classificationReportsHaveTheHandComputedValues() throws Exception {
        List<EvaluationReport> reports = runClassification(classificationStream(), -1);
        assertEquals(4, reports.size(), reports.toString());

        EvaluationReport first = reports.get(0);
        assertEquals("a", first.key);
        assertFalse(first.finalReport);
        assertEquals(2, first.count);
        assertEquals(1, first.unlabelled);
        assertEquals(0, first.invalid);
        assertEquals(3, first.timestamp);
        assertEquals(103, first.modelVersion);
        assertEquals(2, first.windowCount);
        assertClose(1.5, first.fadingCount);
        assertClose(0.5, first.accuracy);
        assertClose(0.5, first.windowAccuracy);
        assertClose(0.5 / 1.5, first.fadingAccuracy);
        // true counts [1, 1], predicted [2, 0]: (N C - X) / (N^2 - X) = (2 - 2) / (4 - 2)
        assertClose(0.0, first.kappa);
        assertClose((-Math.log(0.8) - Math.log(0.4)) / 2, first.logLoss);
        assertClose((0.5 * -Math.log(0.8) - Math.log(0.4)) / 1.5, first.fadingLogLoss);
        assertClose(0.4, first.brier);
        assertClose((0.5 * 0.08 + 0.72) / 1.5, first.fadingBrier);
        assertTrue(Double.isNaN(first.mae) && Double.isNaN(first.rmse));

        EvaluationReport second = reports.get(1);
        assertEquals(4, second.count);
        assertEquals(1, second.invalid);
        assertEquals(7, second.timestamp);
        assertClose(0.5, second.accuracy);
        // true [1, 2, 1], predicted [2, 1, 0]: X = 4, (4 * 2 - 4) / (16 - 4)
        assertClose(1.0 / 3, second.kappa);
        assertClose((-Math.log(0.8) - Math.log(0.4) - Math.log(0.9) - Math.log(1e-15)) / 4, second.logLoss);
        assertClose((0.08 + 0.72 + 0.02 + 1) / 4, second.brier);
        // window = records 4 and 5: true [0, 1, 1], predicted [0, 1, 0]: (2 - 1) / (4 - 1)
        assertClose(0.5, second.windowAccuracy);
        assertClose(1.0 / 3, second.windowKappa);
        assertClose((-Math.log(0.9) - Math.log(1e-15)) / 2, second.windowLogLoss);
        assertClose(0.51, second.windowBrier);
        // fading weights 0.125, 0.25, 0.5, 1
        assertClose(1.875, second.fadingCount);
        assertClose(0.625 / 1.875, second.fadingAccuracy);
        assertClose((0.125 * 0.08 + 0.25 * 0.72 + 0.5 * 0.02 + 1) / 1.875, second.fadingBrier);

        // end of input: one final report per key, "a" equal to its last periodic one but final
        EvaluationReport finalA = reports.stream().filter(r -> r.finalReport && r.key.equals("a")).findFirst()
                .orElseThrow();
        EvaluationReport expectedFinalA = reports.get(1);
        expectedFinalA.finalReport = true;
        assertEquals(expectedFinalA, finalA);
        EvaluationReport finalB = reports.stream().filter(r -> r.finalReport && r.key.equals("b")).findFirst()
                .orElseThrow();
        assertEquals(1, finalB.count);
        assertClose(1.0, finalB.accuracy);
        assertClose(0.0, finalB.brier);
    }

    @Test
    void snapshotAndRestoreInTheMiddleGiveTheSameReports() throws Exception {
        List<Prediction> stream = classificationStream();
        List<EvaluationReport> uninterrupted = runClassification(stream, -1);
        for (int cut = 1; cut < stream.size(); cut++) {
            assertEquals(uninterrupted, runClassification(stream, cut), "restored after " + cut + " records");
        }
    }

    @Test
    void regressionReportsHaveTheHandComputedValues() throws Exception {
        // errors 2, -1, 0; the NaN prediction is invalid; W = 2, alpha = 0.5 (weights 0.25, 0.5, 1)
        List<Prediction> stream = List.of(
                regression(1, 1.0, 3.0),
                regression(2, 0.0, -1.0),
                regression(3, 5.0, Double.NaN),
                regression(4, 2.0, 2.0));
        List<EvaluationReport> reports = run(() -> PrequentialEvaluator.regression(2, 0.5, 3), stream, -1);
        assertEquals(2, reports.size());
        assertEquals(reports.get(0).count, 3);
        assertEquals(reports.get(0).invalid, 1);
        for (EvaluationReport report : reports) {
            assertClose(1.0, report.mae);
            assertClose(Math.sqrt(5.0 / 3), report.rmse);
            assertClose(0.5, report.windowMae);
            assertClose(Math.sqrt(0.5), report.windowRmse);
            assertClose(1.0 / 1.75, report.fadingMae);
            assertClose(Math.sqrt(1.5 / 1.75), report.fadingRmse);
            assertTrue(Double.isNaN(report.accuracy) && Double.isNaN(report.kappa));
        }
        assertTrue(reports.get(1).finalReport);
    }

    @Test
    void rejectsInvalidParameters() {
        assertThrows(IllegalArgumentException.class, () -> PrequentialEvaluator.classification(0, 0.9, 1));
        assertThrows(IllegalArgumentException.class, () -> PrequentialEvaluator.classification(10, 0.0, 1));
        assertThrows(IllegalArgumentException.class, () -> PrequentialEvaluator.regression(10, 0.9, 0));
        assertEquals(PrequentialEvaluator.of(PrequentialEvaluator.TaskKind.REGRESSION, 5, 0.9, 1).getClass(),
                PrequentialEvaluator.class);
    }

    private static List<EvaluationReport> runClassification(List<Prediction> stream, int snapshotAfter)
            throws Exception {
        return run(() -> PrequentialEvaluator.classification(2, 0.5, 2), stream, snapshotAfter);
    }

    /**
     * Runs the stream then the end-of-input watermark; with {@code snapshotAfter >= 0}, a first
     * operator instance takes a snapshot after that many records and a fresh one restores it.
     */
    private static List<EvaluationReport> run(Supplier<PrequentialEvaluator<?>> evaluator,
            List<Prediction> stream, int snapshotAfter) throws Exception {
        List<EvaluationReport> reports = new ArrayList<>();
        OperatorSubtaskState snapshot = null;
        int start = 0;
        if (snapshotAfter >= 0) {
            try (var harness = harness(evaluator.get(), null)) {
                for (Prediction p : stream.subList(0, snapshotAfter)) {
                    harness.processElement(p, p.timestamp);
                }
                reports.addAll(harness.extractOutputValues());
                snapshot = harness.snapshot(1L, 1L);
            }
            start = snapshotAfter;
        }
        try (var harness = harness(evaluator.get(), snapshot)) {
            for (Prediction p : stream.subList(start, stream.size())) {
                harness.processElement(p, p.timestamp);
            }
            harness.processWatermark(new Watermark(Long.MAX_VALUE));
            reports.addAll(harness.extractOutputValues());
        }
        return reports;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Prediction, EvaluationReport> harness(
            PrequentialEvaluator<?> evaluator, OperatorSubtaskState restoreFrom) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(evaluator),
                (Prediction p) -> p.key, Types.STRING);
        if (restoreFrom != null) {
            harness.initializeState(restoreFrom);
        }
        harness.open();
        return harness;
    }

    private static Prediction prediction(String key, long id, double label, double predicted,
            double... probabilities) {
        Prediction p = new Prediction();
        p.id = id;
        p.key = key;
        p.timestamp = id;
        p.label = label;
        p.prediction = predicted;
        p.probabilities = probabilities;
        p.modelVersion = 100 + id;
        return p;
    }

    private static Prediction regression(long id, double label, double predicted) {
        return prediction("r", id, label, predicted);
    }

    private static void assertClose(double expected, double actual) {
        assertEquals(expected, actual, TOLERANCE * Math.max(1, Math.abs(expected)));
    }
}
