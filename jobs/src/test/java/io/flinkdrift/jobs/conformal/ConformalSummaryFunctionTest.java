package io.flinkdrift.jobs.conformal;

import io.flinkdrift.jobs.runtime.RunSummaryFunction;
import io.flinkdrift.operators.conformal.ConformalPrediction;
import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshot/restore of {@link ConformalSummaryFunction}: a run restored from a mid-stream snapshot
 * ends with the same summary as an uninterrupted one, and that summary matches brute-force means over
 * the elements after the warm-up.
 */
class ConformalSummaryFunctionTest {

    private static final int N = 1000;
    private static final long WARM_UP = 40;
    /** Ids between an answer and its late label. */
    private static final int DELAY = 9;

    private record Event(boolean late, ConformalPrediction answer, long timestamp) {}

    private static KeyedTwoInputStreamOperatorTestHarness<Integer, ConformalPrediction, ConformalPrediction,
            ConformalSummary> harness(StateBackend backend) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new ConformalSummaryFunction(WARM_UP)),
                (ConformalPrediction a) -> RunSummaryFunction.KEY,
                (ConformalPrediction a) -> RunSummaryFunction.KEY, Types.INT);
        h.getExecutionConfig().disableGenericTypes(); // as the jobs run: state must not fall back to Kryo
        h.setStateBackend(backend);
        return h;
    }

    /**
     * Answer {@code id} on one of two keys (stream index id / 2): ids 0 mod 3 carry their loss, 1 mod
     * 3 get it later, 2 mod 3 never; every 50th labelled one has no loss (invalid truth), every 13th
     * is infeasible.
     */
    private static ConformalPrediction answer(int id, boolean withLoss) {
        SplittableRandom random = new SplittableRandom(id);
        ConformalPrediction a = new ConformalPrediction();
        a.id = id;
        a.key = id % 2 == 0 ? "a" : "b";
        a.timestamp = id;
        a.streamIndex = id / 2;
        a.lambda = random.nextDouble();
        a.size = 2 * a.lambda;
        a.lower = -a.lambda;
        a.upper = a.lambda;
        a.infeasible = id % 13 == 0;
        a.loss = withLoss && id % 50 != 0 ? random.nextDouble() : Double.NaN;
        return a;
    }

    private static List<Event> stream() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < N + DELAY; i++) {
            if (i < N) {
                events.add(new Event(false, answer(i, i % 3 == 0), i));
            }
            int late = i - DELAY;
            if (late >= 0 && late < N && late % 3 == 1) {
                events.add(new Event(true, answer(late, true), i));
            }
        }
        return events;
    }

    private static void feed(KeyedTwoInputStreamOperatorTestHarness<Integer, ConformalPrediction,
            ConformalPrediction, ConformalSummary> h, List<Event> events, int from, int to) throws Exception {
        for (int e = from; e < to; e++) {
            Event event = events.get(e);
            if (event.late()) {
                h.processElement2(new StreamRecord<>(event.answer(), event.timestamp()));
            } else {
                h.processElement1(new StreamRecord<>(event.answer(), event.timestamp()));
            }
            if (e % 100 == 99) {
                h.processBothWatermarks(new Watermark(event.timestamp() - DELAY));
            }
        }
        assertTrue(h.extractOutputValues().isEmpty(), "no summary before the input ends");
    }

    /** Ends the input and returns the one summary, checking the accumulator holds the same one. */
    private static ConformalSummary finish(KeyedTwoInputStreamOperatorTestHarness<Integer, ConformalPrediction,
            ConformalPrediction, ConformalSummary> h) throws Exception {
        h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
        List<ConformalSummary> out = h.extractOutputValues();
        assertEquals(1, out.size());
        Accumulator<?, ?> accumulator = h.getEnvironment().getAccumulatorRegistry().getUserMap()
                .get(ConformalSummaryFunction.ACCUMULATOR);
        List<?> accumulated = (List<?>) accumulator.getLocalValue();
        assertEquals(1, accumulated.size());
        assertSameSummary(out.get(0), (ConformalSummary) accumulated.get(0));
        return out.get(0);
    }

    private static ConformalSummary uninterrupted(List<Event> events, StateBackend backend) throws Exception {
        try (var h = harness(backend)) {
            h.open();
            feed(h, events, 0, events.size());
            return finish(h);
        }
    }

    private static ConformalSummary restoredAt(List<Event> events, int snapshotAt, StateBackend backend)
            throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(backend)) {
            h.open();
            feed(h, events, 0, snapshotAt);
            snapshot = h.snapshot(1, snapshotAt);
        }
        try (var h = harness(backend)) {
            h.initializeState(snapshot);
            h.open();
            feed(h, events, snapshotAt, events.size());
            return finish(h);
        }
    }

    private static void assertSameSummary(ConformalSummary expected, ConformalSummary actual) {
        assertEquals(expected.records, actual.records);
        assertEquals(expected.evaluated, actual.evaluated);
        assertEquals(expected.labelled, actual.labelled);
        assertEquals(expected.infeasible, actual.infeasible);
        assertEquals(expected.lossSum, actual.lossSum);
        assertEquals(expected.sizeSum, actual.sizeSum);
        assertEquals(expected.lambdaSum, actual.lambdaSum);
        assertEquals(expected.meanLoss, actual.meanLoss);
        assertEquals(expected.meanSize, actual.meanSize);
        assertEquals(expected.meanLambda, actual.meanLambda);
    }

    /** The heap backend and RocksDB, which serializes on every access (so a missed state update shows). */
    static List<StateBackend> backends() {
        return List.of(new HashMapStateBackend(), new EmbeddedRocksDBStateBackend());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void summaryAfterRestoreEqualsTheUninterruptedRunsAndTheBruteForceOne(StateBackend backend)
            throws Exception {
        List<Event> events = stream();
        ConformalSummary uninterrupted = uninterrupted(events, backend);
        for (int snapshotAt : new int[] {1, 61, 700, events.size() - 1}) {
            assertSameSummary(uninterrupted, restoredAt(events, snapshotAt, backend));
        }

        long evaluated = 0;
        long labelled = 0;
        long infeasible = 0;
        double lossSum = 0;
        double sizeSum = 0;
        double lambdaSum = 0;
        for (Event event : events) {
            ConformalPrediction a = event.answer();
            if (a.streamIndex < WARM_UP) {
                continue;
            }
            if (!event.late()) {
                evaluated++;
                sizeSum += a.size;
                lambdaSum += a.lambda;
                infeasible += a.infeasible ? 1 : 0;
            }
            if (!Double.isNaN(a.loss)) {
                labelled++;
                lossSum += a.loss;
            }
        }
        assertEquals(N, uninterrupted.records);
        assertEquals(N - 2 * WARM_UP, evaluated); // two keys, each with its own warm-up
        assertEquals(evaluated, uninterrupted.evaluated);
        assertEquals(labelled, uninterrupted.labelled);
        assertEquals(infeasible, uninterrupted.infeasible);
        assertEquals(lossSum / labelled, uninterrupted.meanLoss, 1e-12);
        assertEquals(sizeSum / evaluated, uninterrupted.meanSize, 1e-12);
        assertEquals(lambdaSum / evaluated, uninterrupted.meanLambda, 1e-12);
    }
}
