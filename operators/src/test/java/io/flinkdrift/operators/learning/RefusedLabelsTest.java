package io.flinkdrift.operators.learning;

import io.flinkdrift.core.learners.calibration.CalibratedClassifier;
import io.flinkdrift.core.learners.calibration.CalibratedKalmanClassifierCodec;
import io.flinkdrift.core.learners.calibration.OnlinePlattScaler;
import io.flinkdrift.core.learners.kalman.KalmanClassifier;
import io.flinkdrift.core.learners.kalman.KalmanConfig;
import io.flinkdrift.operators.state.KeyedStateSpec;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Label;
import io.flinkdrift.records.Prediction;
import io.flinkdrift.records.RejectReason;
import io.flinkdrift.records.RejectedRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Labels a binary (calibrated) model cannot learn are dead-lettered, never thrown. */
class RefusedLabelsTest {

    private static final KeyedStateSpec<CalibratedClassifier<KalmanClassifier>> CALIBRATED_KALMAN =
            KeyedStateSpec.of(d -> calibratedKalman(), CalibratedKalmanClassifierCodec.class);

    private static CalibratedClassifier<KalmanClassifier> calibratedKalman() {
        return new CalibratedClassifier<>(new KalmanClassifier(KalmanConfig.builder().build()),
                OnlinePlattScaler.builder().calibeating(OnlinePlattScaler.Calibeating.TRACKING).build());
    }

    /** Labels 0/1 from a noisy linear rule; every 10th label is 2, -1 or 0.5 (refused). */
    private static List<Example> stream(int n) {
        SplittableRandom random = new SplittableRandom(5);
        double[] refused = {2, -1, 0.5};
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = {random.nextDouble(-1, 1), random.nextDouble(-1, 1), random.nextDouble(-1, 1)};
            double label = x[0] - x[2] + 0.3 * random.nextDouble(-1, 1) > 0 ? 1 : 0;
            if (i % 10 == 9) {
                label = refused[(i / 10) % 3];
            }
            examples.add(new Example(i, "k", i, x, label, Example.UNKNOWN_CONCEPT));
        }
        return examples;
    }

    private static boolean binary(double label) {
        return label == 0 || label == 1;
    }

    private static <T> List<T> side(AbstractStreamOperatorTestHarness<?> harness, OutputTag<T> tag) {
        List<T> values = new ArrayList<>();
        if (harness.getSideOutput(tag) != null) {
            for (StreamRecord<T> record : harness.getSideOutput(tag)) {
                values.add(record.getValue());
            }
        }
        return values;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Example, Prediction> prequential()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new PrequentialClassifierFunction<>(CALIBRATED_KALMAN)), e -> e.key,
                Types.STRING);
    }

    @Test
    void prequentialSkipsRefusedLabelsAndMatchesADirectReplayAcrossARestore() throws Exception {
        List<Example> examples = stream(400);
        List<Prediction> out = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = prequential()) {
            h.open();
            for (Example e : examples.subList(0, 200)) {
                h.processElement(e, e.timestamp);
            }
            snapshot = h.snapshot(1, 200);
            out.addAll(h.extractOutputValues());
            rejected.addAll(side(h, KeyedModel.REJECTED_LABELS));
        }
        try (var h = prequential()) {
            h.initializeState(snapshot);
            h.open();
            for (Example e : examples.subList(200, 400)) {
                h.processElement(e, e.timestamp);
            }
            out.addAll(h.extractOutputValues());
            rejected.addAll(side(h, KeyedModel.REJECTED_LABELS));
        }

        CalibratedClassifier<KalmanClassifier> reference = calibratedKalman();
        assertEquals(400, out.size());
        for (int i = 0; i < 400; i++) {
            Example e = examples.get(i);
            Prediction p = out.get(i);
            assertArrayEquals(reference.predictProbabilities(e.features), p.probabilities, 0.0, "example " + i);
            assertEquals(reference.version(), p.modelVersion);
            if (binary(e.label)) {
                assertEquals(e.label, p.label, 0.0);
                reference.learn(e.features, (int) e.label);
            } else {
                assertTrue(Double.isNaN(p.label), "a refused label is not attached to its prediction");
            }
        }
        assertEquals(360, reference.version());
        assertEquals(40, rejected.size());
        for (int j = 0; j < rejected.size(); j++) {
            RejectedRecord r = rejected.get(j);
            assertEquals(RejectReason.UNKNOWN_CLASS.name(), r.reason);
            assertEquals("k", r.origin);
            assertEquals(10L * j + 9, r.position);
            assertTrue(r.detail.contains("binary"), r.detail);
        }
    }

    @Test
    void delayedRefusedLabelIsRejectedAndNotReEmittedAsLabelled() throws Exception {
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<String, Example, Label, Prediction>(
                new KeyedCoProcessOperator<>(DelayedLabelLearningFunction.classifier(CALIBRATED_KALMAN, 100, 10, 1)),
                e -> e.key, l -> l.key, Types.STRING)) {
            h.open();
            double[] x = {0.5, -0.5, 1};
            h.processElement1(new Example(0, "k", 0, x, Double.NaN, Example.UNKNOWN_CONCEPT), 0);
            h.processElement1(new Example(1, "k", 1, x, Double.NaN, Example.UNKNOWN_CONCEPT), 1);
            h.processElement2(new Label(0, "k", 2, 3.0), 2);
            h.processElement2(new Label(1, "k", 3, 1.0), 3);
            h.processElement1(new Example(2, "k", 4, x, Double.NaN, Example.UNKNOWN_CONCEPT), 4);

            List<Prediction> labelled = side(h, DelayedLabelLearningFunction.LABELLED_PREDICTIONS);
            assertEquals(1, labelled.size());
            assertEquals(1, labelled.get(0).id);
            List<RejectedRecord> rejected = side(h, KeyedModel.REJECTED_LABELS);
            assertEquals(1, rejected.size());
            assertEquals(0, rejected.get(0).position);
            assertEquals(1, side(h, KeyedModel.SNAPSHOTS).size(), "one model update, from label 1");
            assertEquals(1, h.extractOutputValues().get(2).modelVersion);
        }
    }
}
