package io.flinkdrift.operators.learning;

import io.flinkdrift.records.Example;
import io.flinkdrift.records.Label;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.flinkdrift.operators.learning.PrequentialRegressorFunctionTest.RLS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BundledDelayedLabelOperator} against the record-at-a-time {@link
 * DelayedLabelLearningFunction} on a stream that exercises every path of the function: labels after
 * their example (late, in another order), before it (early), never (expired examples), twice or NaN
 * (orphans), examples twice (duplicates) and more waiting than {@code maxPending} (evictions), with
 * watermarks that expire what waited. For any bundle size, on heap and RocksDB and across a snapshot
 * and restore in the middle of a bundle, every output stream is exactly the same per key, in the same
 * order (only the interleaving of keys differs), a watermark or a checkpoint never overtakes a buffered
 * element, and label deadlines fire only after the bundle was flushed; also when the inputs hand over
 * one reused {@link StreamRecord} each, as chained operators do with object reuse on.
 */
class BundledDelayedLabelLearningOperatorTest {

    private static final int EXAMPLES = 800;
    private static final int KEYS = 4;
    private static final long MAX_DELAY = 40;
    private static final int MAX_PENDING = 6;

    static Stream<Arguments> bundleSizesAndBackends() {
        List<Arguments> cases = new ArrayList<>();
        for (int bundleSize : new int[] {1, 2, 7, 64, 1000}) {
            cases.add(Arguments.of(bundleSize, new HashMapStateBackend()));
            cases.add(Arguments.of(bundleSize, new EmbeddedRocksDBStateBackend()));
        }
        return cases.stream();
    }

    private static DelayedLabelLearningFunction<?> function() {
        return DelayedLabelLearningFunction.regressor(RLS, MAX_DELAY, MAX_PENDING, 5);
    }

    /** An element of either input, in arrival order; a watermark where both are null. */
    private record Arrival(Example example, Label label, long watermark) {}

    /**
     * Examples at time i; three in four unlabelled, whose labels arrive 0 to 60 later (some past the
     * deadline of 40), one in 20 never, one in 15 early (before its example), one in 25 twice and one
     * in 30 as NaN; one example in 40 arrives twice. A watermark every 25 arrivals, 15 behind.
     */
    private static List<Arrival> stream() {
        SplittableRandom random = new SplittableRandom(29);
        List<List<Arrival>> at = new ArrayList<>();
        for (int t = 0; t < EXAMPLES + 80; t++) {
            at.add(new ArrayList<>());
        }
        for (int i = 0; i < EXAMPLES; i++) {
            String key = "k" + (int) Math.floor(KEYS * random.nextDouble() * random.nextDouble());
            double[] x = {random.nextDouble(-1, 1), random.nextDouble(-1, 1)};
            double y = 2 * x[0] - x[1] + 0.1 * random.nextDouble();
            boolean labelled = i % 4 == 0;
            Example example = new Example(i, key, i, x, labelled ? y : Double.NaN, Example.UNKNOWN_CONCEPT);
            if (!labelled && i % 15 == 1) {
                at.get(Math.max(0, i - 3)).add(new Arrival(null, new Label(i, key, i, y), 0));
            }
            at.get(i).add(new Arrival(example, null, 0));
            if (i % 40 == 3) {
                at.get(i + random.nextInt(1, 20)).add(new Arrival(example, null, 0));
            }
            if (labelled || i % 20 == 2 || i % 15 == 1) {
                continue;
            }
            int delay = random.nextInt(0, 61);
            double value = i % 30 == 7 ? Double.NaN : y;
            at.get(i + delay).add(new Arrival(null, new Label(i, key, i + delay, value), 0));
            if (i % 25 == 9) {
                at.get(i + delay + 1).add(new Arrival(null, new Label(i, key, i + delay + 1, y), 0));
            }
        }
        List<Arrival> stream = new ArrayList<>();
        for (int t = 0; t < at.size(); t++) {
            stream.addAll(at.get(t));
            if (t % 25 == 24) {
                stream.add(new Arrival(null, null, t - 15));
            }
        }
        return stream;
    }

    /** Each output stream as strings, sorted by key only (stable: a key's order is kept). */
    private static final class Outputs {
        final List<Prediction> predictions = new ArrayList<>();
        final List<Prediction> labelled = new ArrayList<>();
        final List<String> dropped = new ArrayList<>();
        final List<Label> orphans = new ArrayList<>();
        final List<ModelSnapshot> snapshots = new ArrayList<>();
        int elements;

        void collect(KeyedTwoInputStreamOperatorTestHarness<String, Example, Label, Prediction> harness) {
            predictions.addAll(harness.extractOutputValues());
            labelled.addAll(side(harness, DelayedLabelLearningFunction.LABELLED_PREDICTIONS));
            side(harness, DelayedLabelLearningFunction.DROPPED_EXAMPLES)
                    .forEach(d -> dropped.add(d.example.key + " " + d.reason + " " + d.example));
            orphans.addAll(side(harness, DelayedLabelLearningFunction.ORPHAN_LABELS));
            snapshots.addAll(side(harness, KeyedModel.SNAPSHOTS));
            harness.getOutput().clear();
        }

        void sort() {
            sortByKey(predictions, p -> p.key);
            sortByKey(labelled, p -> p.key);
            sortByKey(dropped, d -> d.substring(0, d.indexOf(' ')));
            sortByKey(orphans, l -> l.key);
            sortByKey(snapshots, s -> s.key);
        }

        void assertEqualTo(Outputs expected) {
            assertEquals(expected.predictions, predictions);
            assertEquals(expected.labelled, labelled);
            assertEquals(expected.dropped, dropped);
            assertEquals(expected.orphans, orphans);
            assertEquals(expected.snapshots, snapshots);
        }
    }

    private static <T> void sortByKey(List<T> values, Function<T, String> key) {
        values.sort(Comparator.comparing(key));
    }

    private static <T> List<T> side(KeyedTwoInputStreamOperatorTestHarness<String, Example, Label, Prediction> h,
            OutputTag<T> tag) {
        List<T> values = new ArrayList<>();
        if (h.getSideOutput(tag) != null) {
            for (StreamRecord<T> record : h.getSideOutput(tag)) {
                values.add(record.getValue());
            }
            h.getSideOutput(tag).clear();
        }
        return values;
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, Example, Label, Prediction> harness(
            TwoInputStreamOperator<Example, Label, Prediction> operator, StateBackend backend) throws Exception {
        var harness = new KeyedTwoInputStreamOperatorTestHarness<>(operator, e -> e.key, l -> l.key, Types.STRING);
        harness.getExecutionConfig().configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false),
                ClassLoader.getSystemClassLoader());
        harness.setStateBackend(backend);
        return harness;
    }

    /** Feeds the stream, snapshotting after {@code snapshotAt} arrivals and restoring. */
    private static Outputs run(Supplier<TwoInputStreamOperator<Example, Label, Prediction>> operators,
            StateBackend backend, List<Arrival> stream, int snapshotAt) throws Exception {
        return run(operators, operators, backend, stream, snapshotAt);
    }

    /** {@link #run}, the snapshot taken of one operator and restored into another. */
    private static Outputs run(Supplier<TwoInputStreamOperator<Example, Label, Prediction>> before,
            Supplier<TwoInputStreamOperator<Example, Label, Prediction>> after, StateBackend backend,
            List<Arrival> stream, int snapshotAt) throws Exception {
        Outputs outputs = new Outputs();
        OperatorSubtaskState snapshot;
        try (var h = harness(before.get(), backend)) {
            h.open();
            int examples = feed(h, stream, 0, snapshotAt, outputs);
            h.prepareSnapshotPreBarrier(1); // as the task does before the barrier (the harness' snapshot does not)
            snapshot = h.snapshot(1, snapshotAt);
            outputs.collect(h);
            assertEquals(examples, outputs.predictions.size(), "the checkpoint holds no buffered example");
        }
        try (var h = harness(after.get(), backend)) {
            h.initializeState(snapshot);
            h.open();
            feed(h, stream, snapshotAt, stream.size(), outputs);
            h.processWatermark1(new Watermark(Long.MAX_VALUE));
            h.processWatermark2(new Watermark(Long.MAX_VALUE));
            h.endInput1();
            h.endInput2();
            outputs.collect(h);
        }
        outputs.sort();
        return outputs;
    }

    /** @return the examples fed */
    private static int feed(KeyedTwoInputStreamOperatorTestHarness<String, Example, Label, Prediction> h,
            List<Arrival> stream, int from, int to, Outputs outputs) throws Exception {
        int examples = 0;
        for (int i = from; i < to; i++) {
            Arrival arrival = stream.get(i);
            if (arrival.example() != null) {
                h.processElement1(arrival.example(), arrival.example().timestamp);
                examples++;
            } else if (arrival.label() != null) {
                h.processElement2(arrival.label(), arrival.label().timestamp);
            } else {
                int before = outputs.predictions.size();
                h.processWatermark1(new Watermark(arrival.watermark()));
                h.processWatermark2(new Watermark(arrival.watermark()));
                outputs.collect(h);
                long fed = stream.subList(0, i).stream().filter(a -> a.example() != null).count();
                assertEquals(fed, outputs.predictions.size(), "no example is held behind a watermark");
                assertTrue(outputs.predictions.size() >= before);
            }
        }
        return (int) stream.subList(0, to).stream().filter(a -> a.example() != null).count();
    }

    @ParameterizedTest
    @MethodSource("bundleSizesAndBackends")
    void outputsEqualRecordAtATimeForAnyBundleSize(int bundleSize, StateBackend backend) throws Exception {
        List<Arrival> stream = stream();
        int snapshotAt = 555; // not a multiple of any bundle size or of the watermark interval
        Outputs expected = run(() -> new KeyedCoProcessOperator<>(function()), backend, stream, snapshotAt);
        Outputs bundled = run(() -> new BundledDelayedLabelOperator<>(function(), bundleSize, 60_000),
                backend, stream, snapshotAt);

        assertEquals(EXAMPLES + EXAMPLES / 40, expected.predictions.size());
        bundled.assertEqualTo(expected);
        assertTrue(expected.labelled.size() > 200, expected.labelled.size() + " labelled later");
        assertTrue(expected.snapshots.size() > 50, expected.snapshots.size() + " snapshots");
        for (DroppedExample.Reason reason : DroppedExample.Reason.values()) {
            assertTrue(expected.dropped.stream().filter(d -> d.contains(" " + reason + " ")).count() > 3,
                    reason + " in " + expected.dropped.size() + " dropped");
        }
        assertTrue(expected.orphans.size() > 20, expected.orphans.size() + " orphans");
    }

    /**
     * The state and the label-deadline timers of the record-at-a-time function restore into the
     * bundled operator and back (the same state names and timer service), and the run continues as
     * an uninterrupted one.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void snapshotsOfEitherRestoreIntoTheOther(boolean rocksDb) throws Exception {
        List<Arrival> stream = stream();
        StateBackend backend = rocksDb ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
        Supplier<TwoInputStreamOperator<Example, Label, Prediction>> atATime = () -> new KeyedCoProcessOperator<>(function());
        Supplier<TwoInputStreamOperator<Example, Label, Prediction>> bundled =
                () -> new BundledDelayedLabelOperator<>(function(), 7, 60_000);
        Outputs expected = run(atATime, backend, stream, 555);

        run(atATime, bundled, backend, stream, 555).assertEqualTo(expected);
        run(bundled, atATime, backend, stream, 555).assertEqualTo(expected);
    }

    /**
     * With object reuse, a chained operator emits every record in the same {@link StreamRecord},
     * replacing its value and timestamp: the bundle must not keep that wrapper.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 7, 64})
    void aReusedInputRecordIsNotHeldInTheBundle(int bundleSize) throws Exception {
        Outputs expected = new Outputs();
        Outputs bundled = new Outputs();
        try (var atATime = harness(new KeyedCoProcessOperator<>(function()), new HashMapStateBackend());
                var h = harness(new BundledDelayedLabelOperator<>(function(), bundleSize, 60_000),
                        new HashMapStateBackend())) {
            atATime.open();
            h.open();
            StreamRecord<Example> reusedExample = new StreamRecord<>(null);
            StreamRecord<Label> reusedLabel = new StreamRecord<>(null);
            for (Arrival arrival : stream()) {
                if (arrival.example() != null) {
                    atATime.processElement1(arrival.example(), arrival.example().timestamp);
                    h.processElement1(reusedExample.replace(arrival.example(), arrival.example().timestamp));
                } else if (arrival.label() != null) {
                    atATime.processElement2(arrival.label(), arrival.label().timestamp);
                    h.processElement2(reusedLabel.replace(arrival.label(), arrival.label().timestamp));
                } else {
                    for (var harness : List.of(atATime, h)) {
                        harness.processWatermark1(new Watermark(arrival.watermark()));
                        harness.processWatermark2(new Watermark(arrival.watermark()));
                    }
                }
            }
            h.endInput1();
            h.endInput2();
            expected.collect(atATime);
            bundled.collect(h);
        }
        expected.sort();
        bundled.sort();
        assertEquals(EXAMPLES + EXAMPLES / 40, bundled.predictions.size());
        bundled.assertEqualTo(expected);
    }

    /**
     * Two file sources are read at different speeds, so one input runs ahead of the other by more
     * than a bundle: here every label arrives 20 labels before its example (bundles of 8), four
     * keys. The labels that wait for their example, their counts and deadline timers stay in memory
     * until a checkpoint (or a watermark past a deadline they touched): before it, the state holds
     * the models only and no timer is registered, where record at a time holds every waiting label
     * and its timer; after {@code prepareSnapshotPreBarrier}, state entries (counted on heap) and
     * timers are those of record at a time, and outputs are the same throughout.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void whatWaitsStaysInMemoryUntilACheckpointThenEqualsRecordAtATime(boolean rocksDb) throws Exception {
        StateBackend backend = rocksDb ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
        int n = 400;
        int lead = 20;
        List<Arrival> ahead = labelsAhead(n, lead);
        Outputs expected = new Outputs();
        Outputs bundled = new Outputs();
        try (var atATime = harness(new KeyedCoProcessOperator<>(function()), backend);
                var h = harness(new BundledDelayedLabelOperator<>(function(), 8, 60_000), backend)) {
            atATime.open();
            h.open();
            int half = n; // 210 labels and 190 examples: 20 labels wait, 5 per key (maxPending 6)
            feed(atATime, ahead, 0, half, expected);
            feed(h, ahead, 0, half, bundled);
            h.processWatermark1(new Watermark(0)); // flushes the bundle; passes no deadline
            h.processWatermark2(new Watermark(0));
            assertEquals(0, h.numEventTimeTimers(), "no waiting label is written");
            assertEquals(lead, atATime.numEventTimeTimers(), "record at a time: a timer per waiting label");
            // the heap backend counts a key's states (a map as one); RocksDB cannot count them
            int modelsOnly = rocksDb ? 0 : h.numKeyedStateEntries();
            if (!rocksDb) {
                assertEquals(modelsOnly + 3 * KEYS, atATime.numKeyedStateEntries(),
                        "record at a time: each key's early labels, their count and timer holds");
            }

            h.prepareSnapshotPreBarrier(1);
            assertEquals(lead, h.numEventTimeTimers());
            if (!rocksDb) {
                assertEquals(atATime.numKeyedStateEntries(), h.numKeyedStateEntries());
            }

            feed(atATime, ahead, half, ahead.size(), expected);
            feed(h, ahead, half, ahead.size(), bundled);
            for (var harness : List.of(atATime, h)) {
                harness.processWatermark1(new Watermark(Long.MAX_VALUE));
                harness.processWatermark2(new Watermark(Long.MAX_VALUE));
            }
            h.endInput1();
            h.endInput2();
            if (!rocksDb) {
                assertEquals(modelsOnly, h.numKeyedStateEntries(), "nothing waits at the end");
                assertEquals(modelsOnly, atATime.numKeyedStateEntries());
            }
            assertEquals(0, h.numEventTimeTimers());
            expected.collect(atATime);
            bundled.collect(h);
        }
        expected.sort();
        bundled.sort();
        assertEquals(n, expected.predictions.size());
        assertEquals(n, expected.predictions.stream().filter(p -> !Double.isNaN(p.label)).count(),
                "every example met its early label");
        assertTrue(expected.dropped.isEmpty() && expected.orphans.isEmpty());
        bundled.assertEqualTo(expected);
    }

    /**
     * Memory stays bounded between checkpoints: with labels 20 ahead of their examples (5 waiting
     * per key) and at most 2 keys' changes in memory, every bundle that leaves more than 2 keys
     * unwritten writes them all, so before any checkpoint the waiting labels of all but at most 2
     * keys have their timers; the outputs stay those of record at a time.
     */
    @Test
    void moreThanMaxUnwrittenKeysAreWrittenAfterTheBundle() throws Exception {
        int n = 400;
        int lead = 20;
        List<Arrival> ahead = labelsAhead(n, lead);
        Outputs expected = new Outputs();
        Outputs bundled = new Outputs();
        try (var atATime = harness(new KeyedCoProcessOperator<>(function()), new HashMapStateBackend());
                var h = harness(new BundledDelayedLabelOperator<>(function(), 8, 60_000, 2), new HashMapStateBackend())) {
            atATime.open();
            h.open();
            feed(atATime, ahead, 0, n, expected);
            feed(h, ahead, 0, n, bundled);
            h.processWatermark1(new Watermark(0));
            h.processWatermark2(new Watermark(0));
            assertEquals(lead, atATime.numEventTimeTimers());
            assertTrue(h.numEventTimeTimers() >= lead - 2 * (lead / KEYS),
                    "at most 2 keys' waiting labels are unwritten, got " + h.numEventTimeTimers() + " timers");
            feed(atATime, ahead, n, ahead.size(), expected);
            feed(h, ahead, n, ahead.size(), bundled);
            for (var harness : List.of(atATime, h)) {
                harness.processWatermark1(new Watermark(Long.MAX_VALUE));
                harness.processWatermark2(new Watermark(Long.MAX_VALUE));
            }
            h.endInput1();
            h.endInput2();
            assertEquals(0, h.numEventTimeTimers());
            expected.collect(atATime);
            bundled.collect(h);
        }
        expected.sort();
        bundled.sort();
        assertEquals(n, expected.predictions.size());
        bundled.assertEqualTo(expected);
    }

    /** n examples and their labels over {@link #KEYS} keys, each label {@code lead} arrivals before its example. */
    private static List<Arrival> labelsAhead(int n, int lead) {
        List<Arrival> ahead = new ArrayList<>();
        for (int i = 0; i < n + lead; i++) {
            if (i < n) {
                double[] x = {Math.sin(i), Math.cos(3 * i)};
                ahead.add(new Arrival(null, new Label(i, "k" + i % KEYS, i + 1, 2 * x[0] - x[1]), 0));
            }
            if (i >= lead) {
                int id = i - lead;
                double[] x = {Math.sin(id), Math.cos(3 * id)};
                ahead.add(new Arrival(new Example(id, "k" + id % KEYS, id, x, Double.NaN, Example.UNKNOWN_CONCEPT),
                        null, 0));
            }
        }
        return ahead;
    }

    /**
     * Memory holds only keys with something to write: when every example's label follows it, the
     * changes of a key cancel out and the key is forgotten at once, not kept until a checkpoint.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void keysWhoseChangesCancelOutAreNotKeptInMemory(boolean rocksDb) throws Exception {
        StateBackend backend = rocksDb ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
        DelayedLabelLearningFunction<?> function = function();
        try (var h = harness(new BundledDelayedLabelOperator<>(function, 8, 60_000), backend)) {
            h.open();
            for (int id = 0; id < 100; id++) {
                double[] x = {Math.sin(id), Math.cos(3 * id)};
                String key = "k" + id % KEYS;
                h.processElement1(new Example(id, key, id, x, Double.NaN, Example.UNKNOWN_CONCEPT), id);
                h.processElement2(new Label(id, key, id + 1, 2 * x[0] - x[1]), id + 1);
            }
            h.processWatermark1(new Watermark(0)); // flushes the bundle; passes no deadline
            h.processWatermark2(new Watermark(0));
            assertTrue(function.unwrittenKeys().isEmpty(), function.unwrittenKeys() + " kept");
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(100, side(h, DelayedLabelLearningFunction.LABELLED_PREDICTIONS).size());
        }
    }
}
