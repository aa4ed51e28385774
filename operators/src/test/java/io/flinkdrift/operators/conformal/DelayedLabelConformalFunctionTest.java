package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.conformal.DecayWeightedRiskController;
import io.flinkdrift.core.conformal.DecayingLossSums;
import io.flinkdrift.core.conformal.ExponentialDecay;
import io.flinkdrift.core.conformal.IntervalMiscoverageLoss;
import io.flinkdrift.core.conformal.LambdaGrid;
import io.flinkdrift.core.conformal.LambdaSelection;
import io.flinkdrift.core.conformal.RiskTarget;
import io.flinkdrift.core.conformal.SplitRule;
import io.flinkdrift.operators.records.ConformalProgressCodec;
import io.flinkdrift.operators.records.LabelCodec;
import io.flinkdrift.operators.records.PendingAnswerCodec;
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
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Late labels joined to earlier answers, against the core controller driven in the same event order. */
class DelayedLabelConformalFunctionTest {

    private static final LambdaGrid GRID = LambdaGrid.linspace(0, 3, 61);
    private static final DecayWeightedRiskController CONTROLLER =
            new DecayWeightedRiskController(new RiskTarget(GRID, 0.2, 1), ExponentialDecay.perArrival(0.97));
    private static final IntervalMiscoverageLoss LOSS = new IntervalMiscoverageLoss();
    private static final int N = 300;
    private static final List<Event> EVENTS = events(new double[N], new double[N]);
    private static final int HALF = EVENTS.size() / 2;

    /** An event: a prediction (label NaN) or a label; labels lag 1..8 positions, every 10th comes early. */
    private record Event(boolean prediction, long id, double value) {}

    private static List<Event> events(double[] predicted, double[] truth) {
        Random random = new Random(21);
        List<Event> events = new ArrayList<>();
        Map<Integer, List<Integer>> labelsDueAt = new HashMap<>();
        for (int i = 0; i < N; i++) {
            predicted[i] = random.nextGaussian();
            truth[i] = predicted[i] + random.nextGaussian();
            if (i % 10 == 5) {
                events.add(new Event(false, i, truth[i])); // early label
            } else if (i % 17 != 16) { // every 17th never gets a label
                labelsDueAt.computeIfAbsent(i + 1 + random.nextInt(8), k -> new ArrayList<>()).add(i);
            }
            events.add(new Event(true, i, predicted[i]));
            for (int due : labelsDueAt.getOrDefault(i, List.of())) {
                events.add(new Event(false, due, truth[due]));
            }
        }
        return events;
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, Prediction, Label, ConformalPrediction> harness()
            throws Exception {
        ConformalTask task = ConformalTask.interval(LOSS);
        KeyedConformal<DecayingLossSums> conformal =
                new KeyedConformal<>(task, CONTROLLER, SplitRule.alternating());
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new DelayedLabelConformalFunction(conformal, 1_000_000)),
                p -> p.key, l -> l.key, Types.STRING);
    }

    private static void feed(KeyedTwoInputStreamOperatorTestHarness<String, Prediction, Label, ConformalPrediction> h,
            List<Event> events, int from, int to) throws Exception {
        for (int e = from; e < to; e++) {
            Event event = events.get(e);
            if (event.prediction) {
                Example example = new Example(event.id, "", event.id, new double[0], Double.NaN, -1);
                h.processElement1(new StreamRecord<>(new Prediction(example, event.value, new double[0], 0), event.id));
            } else {
                h.processElement2(new StreamRecord<>(new Label(event.id, "", event.id, event.value), event.id));
            }
        }
    }

    private static List<ConformalPrediction> resolved(
            KeyedTwoInputStreamOperatorTestHarness<String, Prediction, Label, ConformalPrediction> h) {
        List<ConformalPrediction> out = new ArrayList<>();
        h.getSideOutput(DelayedLabelConformalFunction.LABELLED_ANSWERS).forEach(r -> out.add(r.getValue()));
        return out;
    }

    @Test
    void lateAndEarlyLabelsCalibrateAtTheirPredictionsPosition() throws Exception {
        double[] predicted = new double[N];
        double[] truth = new double[N];
        List<Event> events = events(predicted, truth);
        List<ConformalPrediction> answers;
        List<ConformalPrediction> labelled;
        try (var h = harness()) {
            h.open();
            feed(h, events, 0, events.size());
            answers = h.extractOutputValues();
            labelled = resolved(h);
        }
        // the reference: the core controller driven in the same order
        DecayingLossSums state = CONTROLLER.newState();
        Map<Long, LambdaSelection> shown = new HashMap<>();
        Map<Long, Double> early = new HashMap<>();
        List<double[]> expectedResolved = new ArrayList<>(); // {id, loss}
        int answer = 0;
        for (Event event : events) {
            if (event.prediction) {
                LambdaSelection selection = CONTROLLER.select(state, event.id);
                assertEquals(selection.lambda(), answers.get(answer).lambda, 0.0, "lambda of " + event.id);
                assertEquals(event.id, answers.get(answer++).streamIndex);
                shown.put(event.id, selection);
                if (early.containsKey(event.id)) {
                    expectedResolved.add(resolve(state, shown, event.id, early.remove(event.id), predicted));
                }
            } else if (shown.containsKey(event.id)) {
                expectedResolved.add(resolve(state, shown, event.id, event.value, predicted));
            } else {
                early.put(event.id, event.value);
            }
        }
        assertEquals(N, answers.size());
        assertEquals(expectedResolved.size(), labelled.size());
        double lossSum = 0;
        for (int r = 0; r < labelled.size(); r++) {
            assertEquals((long) expectedResolved.get(r)[0], labelled.get(r).id);
            assertEquals(expectedResolved.get(r)[1], labelled.get(r).loss, 0.0);
            lossSum += expectedResolved.get(r)[1];
            assertEquals(lossSum / (r + 1), labelled.get(r).runningRisk, 1e-15);
        }
        assertTrue(labelled.size() > 270, "labels resolved: " + labelled.size());
        assertEquals(N / 10, labelled.stream().filter(a -> a.id % 10 == 5).count(), "every early label resolves");
        assertTrue(state.calibrationCount() > 100);
    }

    /** Absorbs a label at its prediction's index (even indices calibrate); returns {id, realised loss}. */
    private static double[] resolve(DecayingLossSums state, Map<Long, LambdaSelection> shown, long id, double label,
            double[] predicted) {
        double[] curve = LOSS.lossCurve(predicted[(int) id], label, GRID);
        if (id % 2 == 0) {
            CONTROLLER.update(state, id, curve);
        }
        return new double[] {id, curve[shown.remove(id).gridIndex()]};
    }

    @Test
    void restoreWithPendingAnswersGivesIdenticalLaterOutputs() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            feed(h, EVENTS, 0, HALF);
            snapshot = h.snapshot(1, 1);
        }
        assertContinuesLikeAnUninterruptedRun(snapshot);
    }

    /**
     * {@code conformal/delayed-label-answers-v1.snapshot} is this function's operator state as the
     * build of e68d92c wrote it after the first half of the events: answers waiting for their labels,
     * early labels waiting for their predictions, and the controller's per-key state. It must restore
     * into this build and continue exactly as an uninterrupted run. Regenerate (as a new file with a
     * new version in its name, keeping this one) with {@code mvn -pl operators test
     * -Dtest='DelayedLabelConformalFunctionTest#takeFixture' -Dflinkdrift.fixture.out=DIR}.
     */
    @Test
    void checkedInStateWithPendingAnswersContinuesLikeAnUninterruptedRun() throws Exception {
        assertContinuesLikeAnUninterruptedRun(OperatorSnapshotUtil.readStateHandle(Paths.get(
                DelayedLabelConformalFunctionTest.class.getResource("/conformal/delayed-label-answers-v1.snapshot")
                        .toURI()).toString()));
    }

    /**
     * Canonical savepoints of the state after the first half of the events (as the v1 fixture), which
     * the heap and the RocksDB backend both restore: {@code
     * conformal/delayed-label-answers-v1-savepoint.snapshot} as the build of c5ed0a2 wrote it, with the
     * waiting answers, labels and the progress as Flink POJOs (the heap backend reads them with the
     * POJO serializer as it restores, RocksDB migrates them to the codec formats when the function
     * registers its state), and {@code conformal/delayed-label-answers-v2-savepoint.snapshot} in the
     * formats of {@code PendingAnswerCodec}, {@code LabelCodec} and {@code ConformalProgressCodec}.
     * Each continues exactly like an uninterrupted run.
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
        return Stream.of("/conformal/delayed-label-answers-v1-savepoint.snapshot",
                        "/conformal/delayed-label-answers-v2-savepoint.snapshot")
                .flatMap(fixture -> OperatorSnapshots.backends().map(b -> Arguments.of(fixture, b.get()[0])));
    }

    /**
     * {@code conformal/delayed-label-answers-v2.snapshot}: the v1 fixture's form (heap checkpoint) in
     * the codec formats.
     */
    @Test
    void checkedInCodecStateContinuesLikeAnUninterruptedRun() throws Exception {
        OperatorSubtaskState state = OperatorSnapshots.read("/conformal/delayed-label-answers-v2.snapshot");
        assertFalse(OperatorSnapshots.names(state, "PojoSerializerSnapshot"));
        assertContinuesLikeAnUninterruptedRun(state, new HashMapStateBackend());
    }

    /**
     * POJO-era answers, labels and progress restored on one backend are written in the codec formats
     * by the next savepoint, which restores on the other backend and continues exactly like an
     * uninterrupted run.
     */
    @ParameterizedTest(name = "restored on {0}")
    @MethodSource("io.flinkdrift.operators.state.OperatorSnapshots#backends")
    void migratedStateIsRewrittenInTheCodecFormats(StateBackend backend) throws Exception {
        OperatorSubtaskState rewritten;
        try (var h = harness()) {
            h.setStateBackend(backend);
            h.initializeState(OperatorSnapshots.read("/conformal/delayed-label-answers-v1-savepoint.snapshot"));
            h.open();
            rewritten = OperatorSnapshots.canonicalSavepoint(h, 3);
        }
        assertFalse(OperatorSnapshots.names(rewritten, "PojoSerializerSnapshot"));
        assertTrue(OperatorSnapshots.names(rewritten, PendingAnswerCodec.class.getName()));
        assertTrue(OperatorSnapshots.names(rewritten, LabelCodec.class.getName()));
        assertTrue(OperatorSnapshots.names(rewritten, ConformalProgressCodec.class.getName()));
        assertContinuesLikeAnUninterruptedRun(rewritten,
                backend instanceof HashMapStateBackend ? new EmbeddedRocksDBStateBackend(false) : new HashMapStateBackend());
    }

    /** Writes the fixtures: enabled only with {@code -Dflinkdrift.fixture.out=DIR}. */
    @Test
    @EnabledIfSystemProperty(named = "flinkdrift.fixture.out", matches = ".+")
    void takeFixture() throws Exception {
        Path out = Paths.get(System.getProperty("flinkdrift.fixture.out"));
        Files.createDirectories(out);
        try (var h = harness()) {
            h.open();
            feed(h, EVENTS, 0, HALF);
            OperatorSnapshotUtil.writeStateHandle(h.snapshot(1, 1), out.resolve("delayed-label-answers.snapshot").toString());
            OperatorSnapshots.write(OperatorSnapshots.canonicalSavepoint(h, 2),
                    out.resolve("delayed-label-answers-savepoint.snapshot"));
        }
    }

    /** Restores {@code state}, taken after the first half of the events, and feeds the second half. */
    private static void assertContinuesLikeAnUninterruptedRun(OperatorSubtaskState state) throws Exception {
        assertContinuesLikeAnUninterruptedRun(state, null);
    }

    /**
     * As {@link #assertContinuesLikeAnUninterruptedRun(OperatorSubtaskState)}, restoring on {@code
     * backend} (null: the harness's default).
     */
    private static void assertContinuesLikeAnUninterruptedRun(OperatorSubtaskState state, StateBackend backend)
            throws Exception {
        List<ConformalPrediction> answers;
        List<ConformalPrediction> labelled;
        try (var h = harness()) {
            h.open();
            feed(h, EVENTS, 0, HALF);
            int answersBefore = h.extractOutputValues().size();
            int labelledBefore = resolved(h).size();
            feed(h, EVENTS, HALF, EVENTS.size());
            answers = h.extractOutputValues().subList(answersBefore, N);
            labelled = resolved(h).subList(labelledBefore, resolved(h).size());
        }
        try (var h = harness()) {
            if (backend != null) {
                h.setStateBackend(backend);
            }
            h.initializeState(state);
            h.open();
            feed(h, EVENTS, HALF, EVENTS.size());
            assertEquals(answers, h.extractOutputValues());
            assertEquals(labelled, resolved(h));
            assertTrue(labelled.size() > 100);
        }
    }
}
