package io.flinkdrift.operators.evaluation;

import io.flinkdrift.records.Label;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DelayedLabelJoinTest {

    private static final long MAX_DELAY = 50;
    private static final OutputTag<Prediction> UNMATCHED = DelayedLabelJoin.UNMATCHED_PREDICTIONS;
    private static final OutputTag<Label> ORPHANS = DelayedLabelJoin.ORPHAN_LABELS;

    /** The operator under test in its harness. */
    private static final class Harness
            extends KeyedTwoInputStreamOperatorTestHarness<Long, Prediction, Label, Prediction> {
        Harness() throws Exception {
            super(new KeyedCoProcessOperator<>(new DelayedLabelJoin(MAX_DELAY)), p -> p.id, l -> l.id,
                    Types.LONG);
        }
    }

    @Test
    void labelAfterPredictionIsJoinedAndStateCleared() throws Exception {
        try (Harness harness = harness()) {
            harness.processElement1(prediction(1, 100), 100);
            assertEquals(1, harness.numKeyedStateEntries());
            assertEquals(1, harness.numEventTimeTimers());
            harness.processElement2(new Label(1, 140, 2.0), 140);
            assertEquals(List.of(labelled(prediction(1, 100), 2.0)), harness.extractOutputValues());
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
            // the deleted timer must not fire anything later
            harness.processBothWatermarks(new Watermark(1000));
            assertTrue(sideOutput(harness, UNMATCHED).isEmpty());
            assertTrue(sideOutput(harness, ORPHANS).isEmpty());
        }
    }

    @Test
    void labelBeforePredictionIsJoinedAndStateCleared() throws Exception {
        try (Harness harness = harness()) {
            harness.processElement2(new Label(7, 100, 1.0), 100);
            assertEquals(1, harness.numKeyedStateEntries());
            harness.processElement1(prediction(7, 90), 120);
            assertEquals(List.of(labelled(prediction(7, 90), 1.0)), harness.extractOutputValues());
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void counterpartLaterThanTheDelayGoesToTheSideOutputs() throws Exception {
        try (Harness harness = harness()) {
            harness.processElement1(prediction(1, 100), 100);
            harness.processElement2(new Label(2, 120, 0.0), 120);
            harness.processBothWatermarks(new Watermark(149));
            assertTrue(sideOutput(harness, UNMATCHED).isEmpty(), "deadline 150 not reached");
            harness.processBothWatermarks(new Watermark(150));
            assertEquals(List.of(prediction(1, 100)), sideOutput(harness, UNMATCHED));
            assertTrue(sideOutput(harness, ORPHANS).isEmpty(), "deadline 170 not reached");
            harness.processBothWatermarks(new Watermark(170));
            assertEquals(List.of(new Label(2, 120, 0.0)), sideOutput(harness, ORPHANS));
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
            // the label for prediction 1 arrives too late: nothing to join, its own deadline has passed
            harness.processElement2(new Label(1, 90, 1.0), 171);
            assertEquals(List.of(new Label(2, 120, 0.0), new Label(1, 90, 1.0)),
                    sideOutput(harness, ORPHANS));
            assertTrue(harness.extractOutputValues().isEmpty());
            assertEquals(0, harness.numKeyedStateEntries());
        }
    }

    @Test
    void firstLabelWinsAndDuplicatesBecomeOrphans() throws Exception {
        try (Harness harness = harness()) {
            harness.processElement2(new Label(3, 100, 1.0), 100);
            harness.processElement2(new Label(3, 101, 2.0), 101);
            assertEquals(List.of(new Label(3, 101, 2.0)), sideOutput(harness, ORPHANS));
            harness.processElement1(prediction(3, 100), 102);
            assertEquals(List.of(labelled(prediction(3, 100), 1.0)), harness.extractOutputValues());
            // a duplicate after the match waits like a new label and leaves at its deadline
            harness.processElement2(new Label(3, 110, 3.0), 110);
            harness.processBothWatermarks(new Watermark(160));
            assertEquals(List.of(new Label(3, 101, 2.0), new Label(3, 110, 3.0)),
                    sideOutput(harness, ORPHANS));
            assertEquals(1, harness.extractOutputValues().size());
            assertEquals(0, harness.numKeyedStateEntries());
        }
    }

    @Test
    void duplicatePredictionsNaNLabelsAndPrelabelledPredictions() throws Exception {
        try (Harness harness = harness()) {
            harness.processElement1(prediction(4, 100), 100);
            harness.processElement1(prediction(4, 105), 105);
            assertEquals(List.of(prediction(4, 105)), sideOutput(harness, UNMATCHED));
            harness.processElement2(new Label(4, 106, Double.NaN), 106);
            assertEquals(List.of(new Label(4, 106, Double.NaN)), sideOutput(harness, ORPHANS));
            Prediction prelabelled = labelled(prediction(5, 100), 0.0);
            harness.processElement1(prelabelled, 100);
            harness.processElement2(new Label(4, 107, 1.0), 107);
            assertEquals(List.of(prelabelled, labelled(prediction(4, 100), 1.0)),
                    harness.extractOutputValues());
            assertEquals(0, harness.numKeyedStateEntries());
        }
    }

    @Test
    void snapshotAndRestoreInTheMiddleGiveTheSameOutputs() throws Exception {
        List<Consumer<Harness>> steps =
                List.of(
                        h -> processPrediction(h, prediction(1, 100)),
                        h -> processLabel(h, new Label(2, 100, 1.0)),
                        h -> processPrediction(h, prediction(3, 110)),
                        h -> processLabel(h, new Label(4, 120, 0.0)),
                        // snapshot here: four ids waiting, two per side
                        h -> processLabel(h, new Label(1, 130, 2.0)),
                        h -> processPrediction(h, prediction(2, 105)),
                        h -> watermark(h, 165),
                        h -> processLabel(h, new Label(3, 166, 1.0)),
                        h -> watermark(h, 220));
        Outputs uninterrupted;
        try (Harness harness = harness()) {
            steps.forEach(step -> step.accept(harness));
            uninterrupted = Outputs.of(harness);
        }
        OperatorSubtaskState snapshot;
        try (Harness harness = harness()) {
            steps.subList(0, 4).forEach(step -> step.accept(harness));
            snapshot = harness.snapshot(1L, 1L);
        }
        Outputs restored;
        try (Harness harness = harness(snapshot)) {
            steps.subList(4, steps.size()).forEach(step -> step.accept(harness));
            restored = Outputs.of(harness);
            assertEquals(0, harness.numKeyedStateEntries());
        }
        assertEquals(uninterrupted, restored);
        assertEquals(List.of(labelled(prediction(1, 100), 2.0), labelled(prediction(2, 105), 1.0)),
                uninterrupted.joined);
        assertEquals(List.of(prediction(3, 110)), uninterrupted.unmatched);
        assertEquals(List.of(new Label(4, 120, 0.0), new Label(3, 166, 1.0)), uninterrupted.orphans);
    }

    @Test
    void rejectsNegativeDelay() {
        assertThrows(IllegalArgumentException.class, () -> new DelayedLabelJoin(-1));
    }

    private record Outputs(List<Prediction> joined, List<Prediction> unmatched, List<Label> orphans) {
        static Outputs of(Harness harness) {
            return new Outputs(harness.extractOutputValues(),
                    sideOutput(harness, UNMATCHED),
                    sideOutput(harness, ORPHANS));
        }
    }

    private static Harness harness() throws Exception {
        return harness(null);
    }

    private static Harness harness(OperatorSubtaskState restoreFrom) throws Exception {
        Harness harness = new Harness();
        if (restoreFrom != null) {
            harness.initializeState(restoreFrom);
        }
        harness.open();
        return harness;
    }

    private static <T> List<T> sideOutput(
            Harness harness, OutputTag<T> tag) {
        List<T> values = new ArrayList<>();
        var records = harness.getSideOutput(tag);
        if (records != null) {
            for (StreamRecord<T> record : records) {
                values.add(record.getValue());
            }
        }
        return values;
    }

    private static void processPrediction(
            Harness h, Prediction p) {
        try {
            h.processElement1(p, p.timestamp);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void processLabel(
            Harness h, Label l) {
        try {
            h.processElement2(l, l.timestamp);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void watermark(Harness h,
            long time) {
        try {
            h.processBothWatermarks(new Watermark(time));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Prediction prediction(long id, long timestamp) {
        Prediction p = new Prediction();
        p.id = id;
        p.key = "model";
        p.timestamp = timestamp;
        p.prediction = id % 3;
        p.probabilities = new double[] {0.2, 0.3, 0.5};
        p.modelVersion = 10 + id;
        return p;
    }

    private static Prediction labelled(Prediction p, double label) {
        p.label = label;
        return p;
    }
}
