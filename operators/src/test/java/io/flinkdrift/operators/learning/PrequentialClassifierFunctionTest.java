package io.flinkdrift.operators.learning;

import io.flinkdrift.core.learners.MajorityClassifier;
import io.flinkdrift.core.learners.NoChangeClassifier;
import io.flinkdrift.operators.state.KeyedStateSpec;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PrequentialClassifierFunctionTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, Example, Prediction> harness(
            KeyedStateSpec<?> factory) throws Exception {
        @SuppressWarnings({"unchecked", "rawtypes"})
        PrequentialClassifierFunction<?> function = new PrequentialClassifierFunction(factory);
        KeyedOneInputStreamOperatorTestHarness<String, Example, Prediction> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function), e -> e.key, Types.STRING);
        harness.open();
        return harness;
    }

    private static Example example(long id, String key, double label) {
        return new Example(id, key, id, new double[] {id}, label, Example.UNKNOWN_CONCEPT);
    }

    private static List<Prediction> predictions(KeyedOneInputStreamOperatorTestHarness<String, Example, Prediction> h) {
        List<Prediction> out = new ArrayList<>();
        h.getOutput().forEach(record -> {
            @SuppressWarnings("unchecked")
            Prediction p = ((org.apache.flink.streaming.runtime.streamrecord.StreamRecord<Prediction>) record).getValue();
            out.add(p);
        });
        return out;
    }

    @Test
    void predictsBeforeLearningWithOneModelPerKey() throws Exception {
        try (var h = harness(KeyedStateSpec.of(d -> new NoChangeClassifier(), NoChangeClassifier.Codec.class))) {
            h.processElement(example(0, "a", 1), 0);
            h.processElement(example(1, "b", 0), 1);
            h.processElement(example(2, "a", 0), 2);
            h.processElement(example(3, "a", Double.NaN), 3); // unlabelled: predicted, not learned
            h.processElement(example(4, "b", 0), 4);

            List<Prediction> out = predictions(h);
            assertEquals(5, out.size());
            assertEquals(-1, out.get(0).prediction, 0); // nothing learned yet for "a"
            assertEquals(0, out.get(0).modelVersion);
            assertEquals(-1, out.get(1).prediction, 0); // "b" has its own model
            assertEquals(1, out.get(2).prediction, 0); // the previous label of "a", not this one
            assertEquals(1, out.get(2).modelVersion);
            assertEquals(0, out.get(3).prediction, 0);
            assertEquals(2, out.get(3).modelVersion);
            assertEquals(1, out.get(4).modelVersion); // "b" learned once
            assertEquals(0, out.get(4).prediction, 0);
            assertEquals(0, out.get(2).label, 0);
        }
    }

    @Test
    void restoredStateGivesIdenticalLaterPredictions() throws Exception {
        KeyedStateSpec<MajorityClassifier> factory = KeyedStateSpec.of(d -> new MajorityClassifier(), MajorityClassifier.Codec.class);
        OperatorSubtaskState snapshot;
        List<Prediction> uninterrupted;
        try (var h = harness(factory)) {
            for (int i = 0; i < 20; i++) {
                h.processElement(example(i, "k" + (i % 3), i % 4 % 3), i);
            }
            snapshot = h.snapshot(1, 20);
            for (int i = 20; i < 40; i++) {
                h.processElement(example(i, "k" + (i % 3), i % 4 % 3), i);
            }
            uninterrupted = predictions(h).subList(20, 40);
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        PrequentialClassifierFunction<?> function = new PrequentialClassifierFunction(factory);
        try (var restored = new KeyedOneInputStreamOperatorTestHarness<String, Example, Prediction>(
                new KeyedProcessOperator<>(function), e -> e.key, Types.STRING)) {
            restored.initializeState(snapshot);
            restored.open();
            for (int i = 20; i < 40; i++) {
                restored.processElement(example(i, "k" + (i % 3), i % 4 % 3), i);
            }
            List<Prediction> replayed = predictions(restored);
            assertEquals(uninterrupted.size(), replayed.size());
            for (int i = 0; i < replayed.size(); i++) {
                assertEquals(uninterrupted.get(i), replayed.get(i));
                assertArrayEquals(uninterrupted.get(i).probabilities, replayed.get(i).probabilities, 0);
            }
        }
    }
}
