package io.flinkdrift.operators.learning;

import io.flinkdrift.core.learners.MajorityClassifier;
import io.flinkdrift.core.learners.rls.RvflRegressor;
import io.flinkdrift.core.learners.rls.RvflRegressorCodec;
import io.flinkdrift.operators.records.LabelCodec;
import io.flinkdrift.operators.records.PendingExampleCodec;
import io.flinkdrift.operators.state.KeyedStateSpec;
import io.flinkdrift.operators.state.OperatorSnapshots;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Label;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.flinkdrift.operators.learning.PrequentialRegressorFunctionTest.RLS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DelayedLabelLearningFunctionTest {

    private static final long MAX_DELAY = 50;

    private static final class Harness
            extends KeyedTwoInputStreamOperatorTestHarness<String, Example, Label, Prediction> {
        Harness(int maxPending, long snapshotEvery) throws Exception {
            super(new KeyedCoProcessOperator<>(
                            DelayedLabelLearningFunction.regressor(RLS, MAX_DELAY, maxPending, snapshotEvery)),
                    e -> e.key, l -> l.key, Types.STRING);
        }
    }

    private static Harness open(int maxPending, long snapshotEvery) throws Exception {
        Harness harness = new Harness(maxPending, snapshotEvery);
        harness.open();
        return harness;
    }

    /** Example {@code id} of key "k" at time {@code id}, without its label. */
    private static Example unlabelled(long id) {
        return PrequentialRegressorFunctionTest.example(id, "k", false);
    }

    /** The label of example {@code id}, arriving at {@code time}. */
    private static Label label(long id, long time) {
        return new Label(id, "k", time, PrequentialRegressorFunctionTest.example(id, "k", true).label);
    }

    private static <T> List<T> side(Harness harness, OutputTag<T> tag) {
        List<T> values = new ArrayList<>();
        if (harness.getSideOutput(tag) != null) {
            for (StreamRecord<T> record : harness.getSideOutput(tag)) {
                values.add(record.getValue());
            }
        }
        return values;
    }

    /** A model trained on the labels of {@code ids}, in that order. */
    private static RvflRegressor trainedOn(long... ids) {
        RvflRegressor model = RLS.create(2);
        for (long id : ids) {
            Example e = PrequentialRegressorFunctionTest.example(id, "k", true);
            model.learn(e.features, e.label);
        }
        return model;
    }

    @Test
    void labelAfterExampleTrainsInLabelArrivalOrderAndClearsState() throws Exception {
        try (Harness h = open(10, 0)) {
            h.processElement1(PrequentialRegressorFunctionTest.example(0, "k", true), 0); // creates the model
            int modelOnly = h.numKeyedStateEntries();
            for (long id = 1; id <= 3; id++) {
                h.processElement1(unlabelled(id), id);
            }
            assertTrue(h.numKeyedStateEntries() > modelOnly);
            assertEquals(3, h.numEventTimeTimers());
            h.processElement2(label(3, 10), 10);
            h.processElement2(label(1, 11), 11);
            h.processElement2(label(2, 12), 12);
            assertEquals(modelOnly, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
            h.processElement1(unlabelled(4), 13);

            List<Prediction> out = h.extractOutputValues();
            assertEquals(5, out.size());
            for (int id = 1; id <= 3; id++) {
                assertEquals(1, out.get(id).modelVersion, "predicted at arrival, after label 0 only");
                assertTrue(Double.isNaN(out.get(id).label));
                assertEquals(trainedOn(0).predict(unlabelled(id).features), out.get(id).prediction, 0.0);
            }
            RvflRegressor reference = trainedOn(0, 3, 1, 2);
            assertEquals(4, out.get(4).modelVersion);
            assertEquals(reference.predict(unlabelled(4).features), out.get(4).prediction, 0.0);

            List<Prediction> labelled = side(h, DelayedLabelLearningFunction.LABELLED_PREDICTIONS);
            assertEquals(List.of(3L, 1L, 2L), labelled.stream().map(p -> p.id).toList());
            for (Prediction p : labelled) {
                assertEquals(label(p.id, 0).value, p.label, 0.0);
                assertEquals(out.get((int) p.id).prediction, p.prediction, 0.0);
                assertEquals(1, p.modelVersion);
            }
        }
    }

    @Test
    void labelBeforeExampleWaitsThenTrainsOnArrival() throws Exception {
        try (Harness h = open(10, 0)) {
            h.processElement2(label(5, 3), 3);
            assertEquals(1, h.numEventTimeTimers());
            h.processElement1(unlabelled(5), 5);
            h.processElement1(unlabelled(6), 6);
            List<Prediction> out = h.extractOutputValues();
            assertEquals(label(5, 0).value, out.get(0).label, 0.0, "the early label is attached");
            assertEquals(0, out.get(0).modelVersion);
            assertEquals(1, out.get(1).modelVersion);
            assertEquals(trainedOn(5).predict(unlabelled(6).features), out.get(1).prediction, 0.0);
            assertTrue(side(h, DelayedLabelLearningFunction.ORPHAN_LABELS).isEmpty());
            h.processElement2(label(6, 7), 7);
            assertEquals(0, h.numEventTimeTimers());
            h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
            assertTrue(side(h, DelayedLabelLearningFunction.DROPPED_EXAMPLES).isEmpty());
            assertTrue(side(h, DelayedLabelLearningFunction.ORPHAN_LABELS).isEmpty());
        }
    }

    @Test
    void missingLabelExpiresAtTheDeadlineAndLateLabelIsOrphan() throws Exception {
        try (Harness h = open(10, 0)) {
            h.processElement1(unlabelled(100), 100);
            h.processBothWatermarks(new Watermark(149));
            assertTrue(side(h, DelayedLabelLearningFunction.DROPPED_EXAMPLES).isEmpty(), "deadline 150 not reached");
            h.processBothWatermarks(new Watermark(150));
            assertEquals(List.of(new DroppedExample(unlabelled(100), DroppedExample.Reason.EXPIRED)),
                    side(h, DelayedLabelLearningFunction.DROPPED_EXAMPLES));
            assertEquals(0, h.numKeyedStateEntries(), "nothing remains: the key never trained a model");
            h.processElement2(label(100, 120), 160); // its deadline 170 has not passed: it waits for the example
            h.processElement2(label(101, 90), 161); // deadline 140 passed: orphan at once
            h.processElement2(new Label(102, "k", 155, Double.NaN), 162);
            assertEquals(List.of(label(101, 90), new Label(102, "k", 155, Double.NaN)),
                    side(h, DelayedLabelLearningFunction.ORPHAN_LABELS));
            h.processBothWatermarks(new Watermark(170));
            assertEquals(label(100, 120), side(h, DelayedLabelLearningFunction.ORPHAN_LABELS).get(2));
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(1, h.extractOutputValues().size(), "the expired example was still predicted");
        }
    }

    @Test
    void oldestPendingExampleIsEvictedAtMaxPending() throws Exception {
        try (Harness h = open(2, 0)) {
            h.processElement1(unlabelled(12), 12);
            h.processElement1(unlabelled(10), 10);
            h.processElement1(unlabelled(11), 11); // full: evicts id 10 (smallest timestamp)
            h.processElement1(unlabelled(11), 11); // duplicate of a waiting id
            assertEquals(List.of(new DroppedExample(unlabelled(10), DroppedExample.Reason.EVICTED),
                            new DroppedExample(unlabelled(11), DroppedExample.Reason.DUPLICATE)),
                    side(h, DelayedLabelLearningFunction.DROPPED_EXAMPLES));
            h.processElement2(label(11, 20), 20);
            h.processElement2(label(12, 21), 21);
            h.processElement1(unlabelled(13), 22);
            List<Prediction> out = h.extractOutputValues();
            assertEquals(5, out.size());
            assertEquals(2, out.get(4).modelVersion);
            assertEquals(trainedOn(11, 12).predict(unlabelled(13).features), out.get(4).prediction, 0.0);
            h.processElement2(label(10, 23), 23); // the evicted example's label waits, then is an orphan
            h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
            assertEquals(List.of(label(10, 23)), side(h, DelayedLabelLearningFunction.ORPHAN_LABELS));
            assertEquals(new DroppedExample(unlabelled(13), DroppedExample.Reason.EXPIRED),
                    side(h, DelayedLabelLearningFunction.DROPPED_EXAMPLES).get(2));
            assertEquals(1, h.numKeyedStateEntries(), "only the model remains");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void restoreMidStreamKeepsWaitingExamplesAndModel() throws Exception {
        OperatorSubtaskState snapshot;
        List<Prediction> uninterrupted;
        List<Prediction> labelledUninterrupted;
        try (Harness h = open(10, 0)) {
            feedFirstHalf(h);
            snapshot = h.snapshot(1, 10);
            feedSecondHalf(h);
            uninterrupted = h.extractOutputValues().subList(6, h.extractOutputValues().size());
            labelledUninterrupted = side(h, DelayedLabelLearningFunction.LABELLED_PREDICTIONS);
        }
        try (Harness restored = new Harness(10, 0)) {
            restored.initializeState(snapshot);
            restored.open();
            assertEquals(3, restored.numEventTimeTimers());
            feedSecondHalf(restored);
            assertEquals(uninterrupted, restored.extractOutputValues());
            assertEquals(labelledUninterrupted.subList(3, labelledUninterrupted.size()),
                    side(restored, DelayedLabelLearningFunction.LABELLED_PREDICTIONS));
        }
    }

    private static void feedFirstHalf(Harness h) throws Exception {
        for (long id = 0; id < 6; id++) {
            h.processElement1(unlabelled(id), id);
        }
        h.processElement2(label(2, 6), 6);
        h.processElement2(label(0, 7), 7);
        h.processElement2(label(4, 8), 8);
        // ids 1, 3 and 5 wait
    }

    private static void feedSecondHalf(Harness h) throws Exception {
        h.processElement2(label(5, 11), 11);
        h.processElement1(unlabelled(6), 12);
        h.processElement2(label(1, 13), 13);
        h.processElement1(unlabelled(7), 14);
    }

    /**
     * {@code learning/delayed-label-v1.snapshot} is this function's operator state (RLS regressor,
     * {@code maxPending} 10) as the build of e68d92c wrote it after {@link #feedFixtureHead}: three
     * examples wait for their labels, a label waits for its example, and four label deadlines are
     * registered as timers. It must restore into this build and continue exactly as an uninterrupted
     * run: the same predictions, the same labelled predictions, the same expired example. Regenerate
     * (as a new file with a new version in its name, keeping this one) with {@code mvn -pl operators
     * test -Dtest='DelayedLabelLearningFunctionTest#takeFixture' -Dflinkdrift.fixture.out=DIR}.
     */
    @Test
    void checkedInStateWithWaitingExamplesAndAnEarlyLabelContinuesLikeAnUninterruptedRun() throws Exception {
        List<Prediction> predictions;
        List<Prediction> labelled;
        List<DroppedExample> dropped;
        try (Harness h = open(10, 0)) {
            feedFixtureHead(h);
            int predictionsBefore = h.extractOutputValues().size();
            int labelledBefore = side(h, DelayedLabelLearningFunction.LABELLED_PREDICTIONS).size();
            feedFixtureTail(h);
            predictions = h.extractOutputValues().subList(predictionsBefore, h.extractOutputValues().size());
            labelled = side(h, DelayedLabelLearningFunction.LABELLED_PREDICTIONS).subList(labelledBefore,
                    side(h, DelayedLabelLearningFunction.LABELLED_PREDICTIONS).size());
            dropped = side(h, DelayedLabelLearningFunction.DROPPED_EXAMPLES);
        }
        try (Harness restored = new Harness(10, 0)) {
            restored.initializeState(OperatorSnapshotUtil.readStateHandle(Paths.get(
                    DelayedLabelLearningFunctionTest.class.getResource("/learning/delayed-label-v1.snapshot").toURI())
                    .toString()));
            restored.open();
            assertEquals(4, restored.numEventTimeTimers(), "the deadlines of examples 1, 3, 5 and of label 9");
            feedFixtureTail(restored);
            assertEquals(predictions, restored.extractOutputValues());
            assertEquals(List.of(5L, 1L, 3L), labelled.stream().map(p -> p.id).toList());
            assertEquals(label(9, 0).value, predictions.get(1).label, 0.0, "example 9 met its early label");
            assertEquals(labelled, side(restored, DelayedLabelLearningFunction.LABELLED_PREDICTIONS));
            assertEquals(List.of(new DroppedExample(unlabelled(6), DroppedExample.Reason.EXPIRED)), dropped);
            assertEquals(dropped, side(restored, DelayedLabelLearningFunction.DROPPED_EXAMPLES));
            assertEquals(0, restored.numEventTimeTimers());
        }
    }

    /**
     * Canonical savepoints of the state after {@link #feedFixtureHead} (as the v1 fixture), which the
     * heap and the RocksDB backend both restore: {@code learning/delayed-label-v1-savepoint.snapshot}
     * as the build of c5ed0a2 wrote it, with the waiting examples and labels as Flink POJOs (the heap
     * backend reads them with the POJO serializer as it restores, RocksDB migrates them to the codec
     * formats when the function registers its state), and {@code
     * learning/delayed-label-v2-savepoint.snapshot} in the formats of {@code PendingExampleCodec} and
     * {@code LabelCodec}. Each continues exactly like an uninterrupted run.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("savepointFixturesAndBackends")
    void checkedInSavepointRestoresOnEveryBackendAndContinuesLikeAnUninterruptedRun(String fixture,
            StateBackend backend) throws Exception {
        OperatorSubtaskState state = OperatorSnapshots.read(fixture);
        assertEquals(fixture.contains("-v1-"), OperatorSnapshots.names(state, "PojoSerializerSnapshot"),
                "only the v1 fixture holds POJO state");
        assertContinuesLikeAnUninterruptedRun(state, backend);
    }

    static Stream<Arguments> savepointFixturesAndBackends() {
        return Stream.of("/learning/delayed-label-v1-savepoint.snapshot", "/learning/delayed-label-v2-savepoint.snapshot")
                .flatMap(fixture -> OperatorSnapshots.backends().map(b -> Arguments.of(fixture, b.get()[0])));
    }

    /**
     * {@code learning/delayed-label-v2.snapshot}: the v1 fixture's form (heap checkpoint) in the codec
     * formats.
     */
    @Test
    void checkedInCodecStateContinuesLikeAnUninterruptedRun() throws Exception {
        OperatorSubtaskState state = OperatorSnapshots.read("/learning/delayed-label-v2.snapshot");
        assertFalse(OperatorSnapshots.names(state, "PojoSerializerSnapshot"));
        assertContinuesLikeAnUninterruptedRun(state, new HashMapStateBackend());
    }

    /**
     * POJO-era state restored on one backend is written in the codec formats by the next savepoint,
     * which restores on the other backend and continues exactly like an uninterrupted run.
     */
    @ParameterizedTest(name = "restored on {0}")
    @MethodSource("io.flinkdrift.operators.state.OperatorSnapshots#backends")
    void migratedStateIsRewrittenInTheCodecFormats(StateBackend backend) throws Exception {
        OperatorSubtaskState rewritten;
        try (Harness h = new Harness(10, 0)) {
            h.setStateBackend(backend);
            h.initializeState(OperatorSnapshots.read("/learning/delayed-label-v1-savepoint.snapshot"));
            h.open();
            rewritten = OperatorSnapshots.canonicalSavepoint(h, 3);
        }
        assertFalse(OperatorSnapshots.names(rewritten, "PojoSerializerSnapshot"));
        assertTrue(OperatorSnapshots.names(rewritten, PendingExampleCodec.class.getName()));
        assertTrue(OperatorSnapshots.names(rewritten, LabelCodec.class.getName()));
        assertContinuesLikeAnUninterruptedRun(rewritten,
                backend instanceof HashMapStateBackend ? new EmbeddedRocksDBStateBackend(false) : new HashMapStateBackend());
    }

    /** Restores {@code state} (taken after {@link #feedFixtureHead}) on {@code backend} and feeds the tail. */
    private static void assertContinuesLikeAnUninterruptedRun(OperatorSubtaskState state, StateBackend backend)
            throws Exception {
        List<Prediction> predictions;
        List<Prediction> labelled;
        List<DroppedExample> dropped;
        try (Harness h = open(10, 0)) {
            feedFixtureHead(h);
            int predictionsBefore = h.extractOutputValues().size();
            int labelledBefore = side(h, DelayedLabelLearningFunction.LABELLED_PREDICTIONS).size();
            feedFixtureTail(h);
            predictions = h.extractOutputValues().subList(predictionsBefore, h.extractOutputValues().size());
            List<Prediction> allLabelled = side(h, DelayedLabelLearningFunction.LABELLED_PREDICTIONS);
            labelled = allLabelled.subList(labelledBefore, allLabelled.size());
            dropped = side(h, DelayedLabelLearningFunction.DROPPED_EXAMPLES);
        }
        assertEquals(List.of(5L, 1L, 3L), labelled.stream().map(p -> p.id).toList());
        assertEquals(List.of(new DroppedExample(unlabelled(6), DroppedExample.Reason.EXPIRED)), dropped);
        try (Harness restored = new Harness(10, 0)) {
            restored.setStateBackend(backend);
            restored.initializeState(state);
            restored.open();
            assertEquals(4, restored.numEventTimeTimers(), "the deadlines of examples 1, 3, 5 and of label 9");
            feedFixtureTail(restored);
            assertEquals(predictions, restored.extractOutputValues());
            assertEquals(labelled, side(restored, DelayedLabelLearningFunction.LABELLED_PREDICTIONS));
            assertEquals(dropped, side(restored, DelayedLabelLearningFunction.DROPPED_EXAMPLES));
            assertEquals(0, restored.numEventTimeTimers());
        }
    }

    /** Writes the fixtures: enabled only with {@code -Dflinkdrift.fixture.out=DIR}. */
    @Test
    @EnabledIfSystemProperty(named = "flinkdrift.fixture.out", matches = ".+")
    void takeFixture() throws Exception {
        Path out = Paths.get(System.getProperty("flinkdrift.fixture.out"));
        Files.createDirectories(out);
        try (Harness h = open(10, 0)) {
            feedFixtureHead(h);
            OperatorSnapshotUtil.writeStateHandle(h.snapshot(1, 1), out.resolve("delayed-label.snapshot").toString());
            OperatorSnapshots.write(OperatorSnapshots.canonicalSavepoint(h, 2), out.resolve("delayed-label-savepoint.snapshot"));
        }
    }

    /** Examples 0-5, labels of 2, 0 and 4, and the label of example 9 before the example itself. */
    private static void feedFixtureHead(Harness h) throws Exception {
        feedFirstHalf(h);
        h.processElement2(label(9, 9), 9);
    }

    /**
     * Label 5, example 6 (never labelled), example 9 (joins its early label), labels 1 and 3, then
     * event time past every deadline: example 6 expires.
     */
    private static void feedFixtureTail(Harness h) throws Exception {
        h.processElement2(label(5, 11), 11);
        h.processElement1(unlabelled(6), 12);
        h.processElement1(unlabelled(9), 13);
        h.processElement2(label(1, 14), 14);
        h.processElement2(label(3, 15), 15);
        h.processBothWatermarks(new Watermark(200));
    }

    @Test
    void snapshotsDecodeToTheModelThatMadeTheNextPrediction() throws Exception {
        try (Harness h = open(10, 2)) {
            feedFirstHalf(h);
            feedSecondHalf(h);
            List<ModelSnapshot> snapshots = side(h, KeyedModel.SNAPSHOTS);
            assertEquals(List.of(2L, 4L), snapshots.stream().map(s -> s.modelVersion).toList());
            assertEquals(7, snapshots.get(0).timestamp, "the time of the label completing version 2");
            assertEquals(11, snapshots.get(1).timestamp);
            RvflRegressorCodec codec = new RvflRegressorCodec();
            RvflRegressor version4 = codec.read(new DataInputStream(
                    new ByteArrayInputStream(snapshots.get(1).state)), snapshots.get(1).formatVersion);
            Prediction next = h.extractOutputValues().get(6);
            assertEquals(6, next.id);
            assertEquals(4, next.modelVersion);
            assertEquals(next.prediction, version4.predict(unlabelled(6).features), 0.0);
            assertEquals(trainedOn(2, 0, 4, 5).predict(unlabelled(6).features), next.prediction, 0.0);
        }
    }

    @Test
    void classifierVariantEmitsProbabilitiesAndLearnsClassIndices() throws Exception {
        KeyedStateSpec<MajorityClassifier> majority =
                KeyedStateSpec.of(d -> new MajorityClassifier(), MajorityClassifier.Codec.class);
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<String, Example, Label, Prediction>(
                new KeyedCoProcessOperator<>(DelayedLabelLearningFunction.classifier(majority, MAX_DELAY, 10, 0)),
                e -> e.key, l -> l.key, Types.STRING)) {
            h.open();
            h.processElement1(unlabelled(0), 0);
            h.processElement1(unlabelled(1), 1);
            h.processElement2(new Label(1, "k", 2, 2.0), 2);
            h.processElement2(new Label(0, "k", 3, 2.0), 3);
            h.processElement1(unlabelled(2), 4);
            List<Prediction> out = h.extractOutputValues();
            assertEquals(-1, out.get(0).prediction, 0.0);
            assertEquals(0, out.get(0).probabilities.length);
            assertEquals(2, out.get(2).modelVersion);
            assertEquals(2, out.get(2).prediction, 0.0);
            MajorityClassifier reference = new MajorityClassifier();
            reference.learn(unlabelled(1).features, 2);
            reference.learn(unlabelled(0).features, 2);
            assertArrayEquals(reference.predictProbabilities(unlabelled(2).features), out.get(2).probabilities, 0.0);
            assertEquals(3, out.get(2).probabilities.length, "classes 0..2 known after learning class 2");
        }
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> DelayedLabelLearningFunction.regressor(RLS, -1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> DelayedLabelLearningFunction.regressor(RLS, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> DelayedLabelLearningFunction.regressor(RLS, 0, 1, -1));
    }
}
