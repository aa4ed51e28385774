package io.flinkdrift.jobs.testing;

import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

import java.util.List;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays a stream through a run-summary function (a keyed two-input function that emits one
 * summary when the input ends and leaves the same one in a list accumulator) under Flink's operator
 * test harness: uninterrupted, or restored from a snapshot taken after a given number of events.
 * Watermarks trail the event timestamps by a fixed lag and advance every 100 events, so a summary
 * emitted before the input ends, or an end-of-input timer lost in a restore, shows.
 *
 * @param <A> first input
 * @param <B> second input
 * @param <S> summary
 */
public final class SummaryReplay<A, B, S> {

    /** One input element, on the first or the second input. */
    public static final class Event<A, B> {

        private final A first;
        private final B second;
        private final long timestamp;

        private Event(A first, B second, long timestamp) {
            this.first = first;
            this.second = second;
            this.timestamp = timestamp;
        }

        public static <A, B> Event<A, B> first(A value, long timestamp) {
            return new Event<>(value, null, timestamp);
        }

        public static <A, B> Event<A, B> second(B value, long timestamp) {
            return new Event<>(null, value, timestamp);
        }

        /** The element on the first input, or null. */
        public A first() {
            return first;
        }

        /** The element on the second input, or null. */
        public B second() {
            return second;
        }

        public long timestamp() {
            return timestamp;
        }
    }

    /** A fresh harness around the function under test, on {@code backend}. */
    @FunctionalInterface
    public interface HarnessFactory<A, B, S> {
        KeyedTwoInputStreamOperatorTestHarness<Integer, A, B, S> create(StateBackend backend) throws Exception;
    }

    private final HarnessFactory<A, B, S> harnesses;
    private final String accumulator;
    private final long watermarkLag;
    private final BiConsumer<S, S> assertSame;

    /**
     * @param accumulator name of the list accumulator holding the final summary
     * @param watermarkLag how far watermarks trail the latest event timestamp
     * @param assertSame asserts two summaries are equal, field by field
     */
    public SummaryReplay(HarnessFactory<A, B, S> harnesses, String accumulator, long watermarkLag,
            BiConsumer<S, S> assertSame) {
        this.harnesses = harnesses;
        this.accumulator = accumulator;
        this.watermarkLag = watermarkLag;
        this.assertSame = assertSame;
    }

    /** The heap backend and RocksDB, which serializes on every access (so a missed state update shows). */
    public static List<StateBackend> backends() {
        return List.of(new HashMapStateBackend(), new EmbeddedRocksDBStateBackend());
    }

    /**
     * The summary of the whole stream in one run, after asserting that runs restored from a
     * snapshot after each of {@code snapshotPoints} events end with the same summary.
     */
    public S uninterruptedAndRestored(List<Event<A, B>> events, StateBackend backend, int... snapshotPoints)
            throws Exception {
        S uninterrupted = uninterrupted(events, backend);
        for (int snapshotAt : snapshotPoints) {
            assertSame.accept(uninterrupted, restoredAt(events, snapshotAt, backend));
        }
        return uninterrupted;
    }

    /** The summary of the whole stream in one run. */
    public S uninterrupted(List<Event<A, B>> events, StateBackend backend) throws Exception {
        try (var harness = harnesses.create(backend)) {
            harness.open();
            feed(harness, events, 0, events.size());
            return finish(harness);
        }
    }

    /** The summary of a run snapshotted after {@code snapshotAt} events and restored into a fresh harness. */
    public S restoredAt(List<Event<A, B>> events, int snapshotAt, StateBackend backend) throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harnesses.create(backend)) {
            harness.open();
            feed(harness, events, 0, snapshotAt);
            snapshot = harness.snapshot(1, snapshotAt);
        }
        try (var harness = harnesses.create(backend)) {
            harness.initializeState(snapshot);
            harness.open();
            feed(harness, events, snapshotAt, events.size());
            return finish(harness);
        }
    }

    private void feed(KeyedTwoInputStreamOperatorTestHarness<Integer, A, B, S> harness, List<Event<A, B>> events,
            int from, int to) throws Exception {
        for (int e = from; e < to; e++) {
            Event<A, B> event = events.get(e);
            if (event.first() != null) {
                harness.processElement1(new StreamRecord<>(event.first(), event.timestamp()));
            } else {
                harness.processElement2(new StreamRecord<>(event.second(), event.timestamp()));
            }
            if (e % 100 == 99) {
                harness.processBothWatermarks(new Watermark(event.timestamp() - watermarkLag));
            }
        }
        assertTrue(harness.extractOutputValues().isEmpty(), "no summary before the input ends");
    }

    /** Ends the input and returns the one summary, checking the accumulator holds the same one. */
    @SuppressWarnings("unchecked")
    private S finish(KeyedTwoInputStreamOperatorTestHarness<Integer, A, B, S> harness) throws Exception {
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));
        List<S> out = harness.extractOutputValues();
        assertEquals(1, out.size());
        Accumulator<?, ?> registered = harness.getEnvironment().getAccumulatorRegistry().getUserMap().get(accumulator);
        List<?> accumulated = (List<?>) registered.getLocalValue();
        assertEquals(1, accumulated.size());
        assertSame.accept(out.get(0), (S) accumulated.get(0));
        return out.get(0);
    }
}
