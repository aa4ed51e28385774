package io.flinkdrift.operators.learning;

import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.Configuration;
import io.flinkdrift.core.learners.kalman.KalmanClassifier;
import io.flinkdrift.core.learners.kalman.KalmanClassifierCodec;
import io.flinkdrift.core.learners.kalman.KalmanConfig;
import io.flinkdrift.operators.state.KeyedStateSpec;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;
import io.flinkdrift.records.RejectedRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BundledPrequentialOperator} against the record-at-a-time {@link PrequentialFunction}: for
 * any bundle size, on heap and RocksDB and across a snapshot and restore in the middle of a bundle,
 * the predictions, model snapshots and refused labels are exactly the same (only the interleaving
 * of keys differs), and a watermark or a checkpoint never overtakes a buffered example; also when
 * the input hands over one reused {@link StreamRecord} for every example, as a chained source does
 * with object reuse on.
 */
class BundledPrequentialOperatorTest {

    private static final int N = 600;
    private static final int KEYS = 5;
    private static final int SNAPSHOT_EVERY = 7;
    private static final KeyedStateSpec<KalmanClassifier> KALMAN =
            KeyedStateSpec.of(d -> new KalmanClassifier(KalmanConfig.defaults()), KalmanClassifierCodec.class);

    static Stream<Arguments> bundleSizesAndBackends() {
        List<Arguments> cases = new ArrayList<>();
        for (int bundleSize : new int[] {1, 2, 7, 64, 1000}) {
            cases.add(Arguments.of(bundleSize, new HashMapStateBackend()));
            cases.add(Arguments.of(bundleSize, new EmbeddedRocksDBStateBackend()));
        }
        return cases.stream();
    }

    private static KeyedModel<KalmanClassifier> model() {
        return new KeyedModel<>(KALMAN, true, SNAPSHOT_EVERY);
    }

    /** Keys of uneven frequency; one in five unlabelled, one in 23 with a refused label (-1). */
    private static List<Example> stream() {
        SplittableRandom random = new SplittableRandom(11);
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            double[] x = {random.nextDouble(-1, 1), random.nextDouble(-1, 1), random.nextDouble(-1, 1)};
            double label = x[0] + 0.5 * x[1] - x[2] > 0 ? 1 : 0;
            if (i % 5 == 4) {
                label = Double.NaN;
            } else if (i % 23 == 22) {
                label = -1;
            }
            String key = "k" + (int) Math.floor(KEYS * random.nextDouble() * random.nextDouble());
            examples.add(new Example(i, key, i, x, label, Example.UNKNOWN_CONCEPT));
        }
        return examples;
    }

    /** What an operator emitted, each stream sorted by id (keys interleave differently in bundles). */
    private static final class Outputs {
        final List<Prediction> predictions = new ArrayList<>();
        final List<ModelSnapshot> snapshots = new ArrayList<>();
        final List<RejectedRecord> rejected = new ArrayList<>();

        void collect(KeyedOneInputStreamOperatorTestHarness<String, Example, Prediction> harness) {
            predictions.addAll(harness.extractOutputValues());
            snapshots.addAll(side(harness, KeyedModel.SNAPSHOTS));
            rejected.addAll(side(harness, KeyedModel.REJECTED_LABELS));
            harness.getOutput().clear();
        }

        void sort() {
            predictions.sort(Comparator.comparingLong(p -> p.id));
            snapshots.sort(Comparator.comparingLong((ModelSnapshot s) -> s.timestamp));
            rejected.sort(Comparator.comparingLong(r -> r.position));
        }
    }

    private static <T> List<T> side(KeyedOneInputStreamOperatorTestHarness<String, Example, Prediction> harness,
            OutputTag<T> tag) {
        List<T> values = new ArrayList<>();
        if (harness.getSideOutput(tag) != null) {
            for (StreamRecord<T> record : harness.getSideOutput(tag)) {
                values.add(record.getValue());
            }
            harness.getSideOutput(tag).clear();
        }
        return values;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Example, Prediction> harness(
            OneInputStreamOperator<Example, Prediction> operator, StateBackend backend) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, e -> e.key, Types.STRING);
        harness.getExecutionConfig().configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false), ClassLoader.getSystemClassLoader());
        harness.setStateBackend(backend);
        return harness;
    }

    /** Feeds {@code examples}, a watermark every 50, snapshotting after {@code snapshotAt} and restoring. */
    private static Outputs run(Supplier<OneInputStreamOperator<Example, Prediction>> operators,
            StateBackend backend, List<Example> examples, int snapshotAt) throws Exception {
        Outputs outputs = new Outputs();
        OperatorSubtaskState snapshot;
        try (var h = harness(operators.get(), backend)) {
            h.open();
            feed(h, examples, 0, snapshotAt, outputs);
            h.prepareSnapshotPreBarrier(1); // as the task does before the barrier (the harness' snapshot does not)
            snapshot = h.snapshot(1, snapshotAt);
            outputs.collect(h);
            assertEquals(snapshotAt, outputs.predictions.size(), "the checkpoint holds no buffered example");
        }
        try (var h = harness(operators.get(), backend)) {
            h.initializeState(snapshot);
            h.open();
            feed(h, examples, snapshotAt, examples.size(), outputs);
            h.endInput();
            outputs.collect(h);
        }
        outputs.sort();
        return outputs;
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, Example, Prediction> h,
            List<Example> examples, int from, int to, Outputs outputs) throws Exception {
        for (int i = from; i < to; i++) {
            h.processElement(examples.get(i), examples.get(i).timestamp);
            if (i % 50 == 49) {
                h.processWatermark(new Watermark(i));
                outputs.collect(h);
                assertEquals(i + 1, outputs.predictions.size(), "no example is held behind a watermark");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("bundleSizesAndBackends")
    void outputsEqualRecordAtATimeForAnyBundleSize(int bundleSize, StateBackend backend) throws Exception {
        List<Example> examples = stream();
        int snapshotAt = 333; // not a multiple of any bundle size or of the watermark interval
        Outputs expected = run(() -> new KeyedProcessOperator<>(new PrequentialFunction<>(model())),
                backend, examples, snapshotAt);
        Outputs bundled = run(() -> new BundledPrequentialOperator<>(model(), bundleSize, 60_000),
                backend, examples, snapshotAt);

        assertEquals(N, expected.predictions.size());
        assertEquals(expected.predictions, bundled.predictions);
        assertEquals(expected.snapshots, bundled.snapshots);
        assertEquals(expected.rejected, bundled.rejected);
        assertTrue(expected.snapshots.size() > 10 && expected.rejected.size() > 10,
                expected.snapshots.size() + " snapshots, " + expected.rejected.size() + " refused labels");
    }

    /**
     * With object reuse, a chained source or operator emits every record in the same {@link
     * StreamRecord}, replacing its value and timestamp: the bundle must not keep that wrapper (it
     * did, and a bundle then ran its last example n times).
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 7, 64})
    void aReusedInputRecordIsNotHeldInTheBundle(int bundleSize) throws Exception {
        List<Example> examples = stream();
        Outputs expected = new Outputs();
        Outputs bundled = new Outputs();
        try (var atATime = harness(new KeyedProcessOperator<>(new PrequentialFunction<>(model())),
                    new HashMapStateBackend());
                var h = harness(new BundledPrequentialOperator<>(model(), bundleSize, 60_000), new HashMapStateBackend())) {
            atATime.open();
            h.open();
            StreamRecord<Example> reused = new StreamRecord<>(null);
            for (Example example : examples) {
                atATime.processElement(example, example.timestamp);
                h.processElement(reused.replace(example, example.timestamp));
            }
            h.endInput();
            expected.collect(atATime);
            bundled.collect(h);
        }
        expected.sort();
        bundled.sort();
        assertEquals(N, bundled.predictions.size());
        assertEquals(expected.predictions, bundled.predictions);
        assertEquals(expected.snapshots, bundled.snapshots);
        assertEquals(expected.rejected, bundled.rejected);
    }
}
