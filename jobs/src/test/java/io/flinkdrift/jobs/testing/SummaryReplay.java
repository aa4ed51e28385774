package io.flinkdrift.jobs.testing;

import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.Configuration;
import io.flinkdrift.jobs.runtime.PartialSummaryOperator;
import io.flinkdrift.jobs.runtime.RunSummaryFunction;
import io.flinkdrift.jobs.runtime.SummaryAccumulator;
import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays a two-input stream through a run summary as the jobs run it: each input pre-aggregated by
 * {@link #SUBTASKS} parallel {@link PartialSummaryOperator}s (events dealt to them in turn), their
 * partials merged by a {@link RunSummaryFunction} under Flink's operator test harness. Every {@link
 * #CHECKPOINT_EVERY} events a checkpoint flushes the partials (as {@code prepareSnapshotPreBarrier}
 * does); watermarks trail the event timestamps by a fixed lag and advance every 100 events, so a
 * summary emitted before the input ends, or an end-of-input timer lost in a restore, shows. A run can
 * be restored from a snapshot taken after a given number of events: only the merger has state.
 *
 * @param <A> first input
 * @param <B> second input
 * @param <P> partial
 * @param <S> summary
 */
public final class SummaryReplay<A, B, P, S extends Serializable> {

    /** As the jobs run: state must not fall back to Kryo. */
    private static final Configuration NO_GENERIC_TYPES =
            new Configuration().set(PipelineOptions.GENERIC_TYPES, false);

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

    /** Parallel pre-aggregating subtasks per input. */
    public static final int SUBTASKS = 2;

    /** Events between two checkpoints of an uninterrupted run. */
    public static final int CHECKPOINT_EVERY = 250;

    private final Supplier<SummaryAccumulator<A, P>> firstAccumulators;
    private final Supplier<SummaryAccumulator<B, P>> secondAccumulators;
    private final Supplier<RunSummaryFunction<P, S>> summaries;
    private final String accumulator;
    private final long watermarkLag;
    private final BiConsumer<S, S> assertSame;

    /** Partials the merger received in the last run. */
    private int partialsMerged;

    /**
     * @param accumulator name of the list accumulator holding the final summary
     * @param watermarkLag how far watermarks trail the latest event timestamp
     * @param assertSame asserts two summaries are equal, field by field
     */
    public SummaryReplay(Supplier<SummaryAccumulator<A, P>> firstAccumulators,
            Supplier<SummaryAccumulator<B, P>> secondAccumulators, Supplier<RunSummaryFunction<P, S>> summaries,
            String accumulator, long watermarkLag, BiConsumer<S, S> assertSame) {
        this.firstAccumulators = firstAccumulators;
        this.secondAccumulators = secondAccumulators;
        this.summaries = summaries;
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
        partialsMerged = 0;
        try (Pipeline pipeline = new Pipeline(backend, null)) {
            pipeline.feed(events, 0, events.size());
            return pipeline.finish();
        }
    }

    /** The summary of a run snapshotted after {@code snapshotAt} events and restored into fresh operators. */
    public S restoredAt(List<Event<A, B>> events, int snapshotAt, StateBackend backend) throws Exception {
        partialsMerged = 0;
        OperatorSubtaskState snapshot;
        try (Pipeline pipeline = new Pipeline(backend, null)) {
            pipeline.feed(events, 0, snapshotAt);
            snapshot = pipeline.checkpoint(1, snapshotAt);
        }
        try (Pipeline pipeline = new Pipeline(backend, snapshot)) {
            pipeline.feed(events, snapshotAt, events.size());
            return pipeline.finish();
        }
    }

    /** Partials the merger received in the last run (restored runs: after the restore). */
    public int partialsMerged() {
        return partialsMerged;
    }

    /** The pre-aggregating subtasks of both inputs and the merger. */
    private final class Pipeline implements AutoCloseable {

        private final List<OneInputStreamOperatorTestHarness<A, P>> first = new ArrayList<>();
        private final List<OneInputStreamOperatorTestHarness<B, P>> second = new ArrayList<>();
        private final KeyedOneInputStreamOperatorTestHarness<Integer, P, S> merger;

        Pipeline(StateBackend backend, OperatorSubtaskState restored) throws Exception {
            for (int subtask = 0; subtask < SUBTASKS; subtask++) {
                first.add(open(new OneInputStreamOperatorTestHarness<>(
                        new PartialSummaryOperator<>(firstAccumulators.get()))));
                second.add(open(new OneInputStreamOperatorTestHarness<>(
                        new PartialSummaryOperator<>(secondAccumulators.get()))));
            }
            merger = new KeyedOneInputStreamOperatorTestHarness<>(
                    new KeyedProcessOperator<>(summaries.get()), partial -> RunSummaryFunction.KEY, Types.INT);
            merger.getExecutionConfig().configure(NO_GENERIC_TYPES, ClassLoader.getSystemClassLoader());
            merger.setStateBackend(backend);
            if (restored != null) {
                merger.initializeState(restored);
            }
            merger.open();
        }

        private <X> OneInputStreamOperatorTestHarness<X, P> open(OneInputStreamOperatorTestHarness<X, P> harness)
                throws Exception {
            harness.getExecutionConfig().configure(NO_GENERIC_TYPES, ClassLoader.getSystemClassLoader());
            harness.open();
            return harness;
        }

        void feed(List<Event<A, B>> events, int from, int to) throws Exception {
            for (int e = from; e < to; e++) {
                Event<A, B> event = events.get(e);
                if (event.first() != null) {
                    first.get(e % SUBTASKS).processElement(new StreamRecord<>(event.first(), event.timestamp()));
                } else {
                    second.get(e % SUBTASKS).processElement(new StreamRecord<>(event.second(), event.timestamp()));
                }
                if (e % CHECKPOINT_EVERY == CHECKPOINT_EVERY - 1) {
                    checkpoint(e, event.timestamp());
                }
                if (e % 100 == 99) {
                    mergePartials();
                    merger.processWatermark(new Watermark(event.timestamp() - watermarkLag));
                }
            }
            mergePartials();
            assertTrue(merger.extractOutputValues().isEmpty(), "no summary before the input ends");
        }

        /** Flushes every subtask before the barrier and snapshots the merger. */
        OperatorSubtaskState checkpoint(long checkpointId, long timestamp) throws Exception {
            for (OneInputStreamOperatorTestHarness<A, P> subtask : first) {
                subtask.prepareSnapshotPreBarrier(checkpointId);
            }
            for (OneInputStreamOperatorTestHarness<B, P> subtask : second) {
                subtask.prepareSnapshotPreBarrier(checkpointId);
            }
            mergePartials();
            return merger.snapshot(checkpointId, timestamp);
        }

        private void mergePartials() throws Exception {
            for (OneInputStreamOperatorTestHarness<A, P> subtask : first) {
                mergeFrom(subtask.extractOutputValues());
                subtask.getOutput().clear();
            }
            for (OneInputStreamOperatorTestHarness<B, P> subtask : second) {
                mergeFrom(subtask.extractOutputValues());
                subtask.getOutput().clear();
            }
        }

        private void mergeFrom(List<P> partials) throws Exception {
            for (P partial : partials) {
                merger.processElement(new StreamRecord<>(partial));
                partialsMerged++;
            }
        }

        /** Ends the input and returns the one summary, checking the accumulator holds the same one. */
        @SuppressWarnings("unchecked")
        S finish() throws Exception {
            Watermark end = new Watermark(Long.MAX_VALUE);
            for (OneInputStreamOperatorTestHarness<A, P> subtask : first) {
                subtask.processWatermark(end);
            }
            for (OneInputStreamOperatorTestHarness<B, P> subtask : second) {
                subtask.processWatermark(end);
            }
            mergePartials();
            merger.processWatermark(end);
            List<S> out = merger.extractOutputValues();
            assertEquals(1, out.size());
            Accumulator<?, ?> registered =
                    merger.getEnvironment().getAccumulatorRegistry().getUserMap().get(accumulator);
            List<?> accumulated = (List<?>) registered.getLocalValue();
            assertEquals(1, accumulated.size());
            assertSame.accept(out.get(0), (S) accumulated.get(0));
            return out.get(0);
        }

        @Override
        public void close() throws Exception {
            for (OneInputStreamOperatorTestHarness<A, P> subtask : first) {
                subtask.close();
            }
            for (OneInputStreamOperatorTestHarness<B, P> subtask : second) {
                subtask.close();
            }
            merger.close();
        }
    }
}
