package io.flinkdrift.jobs.regress;

import io.flinkdrift.jobs.runtime.RunSummaryFunction;
import io.flinkdrift.records.Prediction;
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
 * Snapshot/restore of {@link RegressionSummaryFunction} (and its base {@link RunSummaryFunction}): a
 * run restored from a mid-stream snapshot ends with the same summary as an uninterrupted one, and
 * that summary is the brute-force MAE and RMSE of the labelled finite predictions.
 */
class RegressionSummaryFunctionTest {

    private static final int N = 1000;
    /** Ids between a prediction and its late label. */
    private static final int DELAY = 11;

    private record Event(boolean late, Prediction prediction, long timestamp) {}

    private static KeyedTwoInputStreamOperatorTestHarness<Integer, Prediction, Prediction, RegressionSummary>
            harness(StateBackend backend) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new RegressionSummaryFunction()),
                (Prediction p) -> RunSummaryFunction.KEY, (Prediction p) -> RunSummaryFunction.KEY, Types.INT);
        h.getExecutionConfig().disableGenericTypes(); // as the jobs run: state must not fall back to Kryo
        h.setStateBackend(backend);
        return h;
    }

    /**
     * Prediction {@code id}: ids 0 mod 4 carry their label, 1 and 2 mod 4 get it later, 3 mod 4
     * never; every 37th prediction is not finite (NaN or infinite).
     */
    private static Prediction prediction(int id, boolean withLabel) {
        SplittableRandom random = new SplittableRandom(id);
        double label = 10 * random.nextDouble() - 5;
        Prediction p = new Prediction();
        p.id = id;
        p.timestamp = id;
        p.label = withLabel ? label : Double.NaN;
        if (id % 37 == 0) {
            p.prediction = id % 2 == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
        } else {
            p.prediction = label + random.nextGaussian();
        }
        return p;
    }

    private static List<Event> stream() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < N + DELAY; i++) {
            if (i < N) {
                events.add(new Event(false, prediction(i, i % 4 == 0), i));
            }
            int late = i - DELAY;
            if (late >= 0 && late < N && (late % 4 == 1 || late % 4 == 2)) {
                events.add(new Event(true, prediction(late, true), i));
            }
        }
        return events;
    }

    private static void feed(KeyedTwoInputStreamOperatorTestHarness<Integer, Prediction, Prediction,
            RegressionSummary> h, List<Event> events, int from, int to) throws Exception {
        for (int e = from; e < to; e++) {
            Event event = events.get(e);
            if (event.late()) {
                h.processElement2(new StreamRecord<>(event.prediction(), event.timestamp()));
            } else {
                h.processElement1(new StreamRecord<>(event.prediction(), event.timestamp()));
            }
            if (e % 100 == 99) {
                h.processBothWatermarks(new Watermark(event.timestamp() - DELAY));
            }
        }
        assertTrue(h.extractOutputValues().isEmpty(), "no summary before the input ends");
    }

    /** Ends the input and returns the one summary, checking the accumulator holds the same one. */
    private static RegressionSummary finish(KeyedTwoInputStreamOperatorTestHarness<Integer, Prediction,
            Prediction, RegressionSummary> h) throws Exception {
        h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
        List<RegressionSummary> out = h.extractOutputValues();
        assertEquals(1, out.size());
        Accumulator<?, ?> accumulator = h.getEnvironment().getAccumulatorRegistry().getUserMap()
                .get(RegressionSummaryFunction.ACCUMULATOR);
        List<?> accumulated = (List<?>) accumulator.getLocalValue();
        assertEquals(1, accumulated.size());
        assertSameSummary(out.get(0), (RegressionSummary) accumulated.get(0));
        return out.get(0);
    }

    private static RegressionSummary uninterrupted(List<Event> events, StateBackend backend) throws Exception {
        try (var h = harness(backend)) {
            h.open();
            feed(h, events, 0, events.size());
            return finish(h);
        }
    }

    private static RegressionSummary restoredAt(List<Event> events, int snapshotAt, StateBackend backend)
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

    private static void assertSameSummary(RegressionSummary expected, RegressionSummary actual) {
        assertEquals(expected.records, actual.records);
        assertEquals(expected.labelled, actual.labelled);
        assertEquals(expected.nonFinitePredictions, actual.nonFinitePredictions);
        assertEquals(expected.mae, actual.mae);
        assertEquals(expected.rmse, actual.rmse);
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
        RegressionSummary uninterrupted = uninterrupted(events, backend);
        for (int snapshotAt : new int[] {1, 517, events.size() - 2}) {
            assertSameSummary(uninterrupted, restoredAt(events, snapshotAt, backend));
        }

        long labelled = 0;
        long nonFinite = 0;
        double absoluteSum = 0;
        double squaredSum = 0;
        for (Event event : events) {
            Prediction p = event.prediction();
            if (!p.labelled()) {
                continue;
            }
            if (!Double.isFinite(p.prediction)) {
                nonFinite++;
                continue;
            }
            double error = p.prediction - p.label;
            labelled++;
            absoluteSum += Math.abs(error);
            squaredSum += error * error;
        }
        assertEquals(N, uninterrupted.records);
        assertEquals(labelled, uninterrupted.labelled);
        assertEquals(nonFinite, uninterrupted.nonFinitePredictions);
        assertTrue(nonFinite > 0 && labelled + nonFinite == 3 * N / 4, "three in four get a label");
        assertEquals(absoluteSum / labelled, uninterrupted.mae, 1e-12);
        assertEquals(Math.sqrt(squaredSum / labelled), uninterrupted.rmse, 1e-12);
    }
}
