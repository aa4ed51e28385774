package io.flinkdrift.operators.density;

import io.flinkdrift.core.density.AdaptiveHistogramEstimator;
import io.flinkdrift.core.density.AdaptiveKernelDensityEstimator;
import io.flinkdrift.core.density.AdaptiveWindowConfig;
import io.flinkdrift.core.density.DensityEstimator;
import io.flinkdrift.core.density.GridBinning;
import io.flinkdrift.core.density.WindowMixtureConfig;
import io.flinkdrift.core.density.WindowMixtureHistogramEstimator;
import io.flinkdrift.operators.learning.ModelSnapshot;
import io.flinkdrift.operators.state.KeyedStateSpec;
import io.flinkdrift.records.Example;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BundledDensityOperator} against the record-at-a-time {@link DensityEstimationFunction}: for
 * any bundle size, for each kind of estimator, on heap and RocksDB, across a snapshot and restore in
 * the middle of a bundle and with one reused input record (object reuse), the scores, estimates and
 * snapshots are exactly the same (only the interleaving of keys differs), and a watermark or a
 * checkpoint never overtakes a buffered element. The stream has elements no estimator accepts (a NaN
 * coordinate) and a key whose first elements have a dimension the factory rejects.
 *
 * <p>Snapshots are compared byte for byte on the heap backend. On RocksDB, record at a time reads
 * every element's estimator back from its codec and a bundle once per bundle, and the window
 * mixture's counts ({@code DyadicBlockCounts}) list a new level's cells in an order that depends on
 * whether the estimator was read back (the same counts, in another order; record-at-a-time snapshots
 * on heap and RocksDB differ the same way): there they are compared by what they hold, the estimate
 * of the decoded estimator.
 */
class BundledDensityOperatorTest {

    private static final int N = 600;
    private static final long CADENCE = 5;
    private static final long SNAPSHOT_EVERY = 13;
    private static final GridBinning GRID = new GridBinning(new double[] {0, 0}, new double[] {1, 1}, 4);
    private static final AdaptiveWindowConfig CONFIG = new AdaptiveWindowConfig(7, 3, 8, 0.1, 1.0);

    private static final KeyedStateSpec<AdaptiveHistogramEstimator> ADAPTIVE =
            KeyedStateSpec.of(d -> new AdaptiveHistogramEstimator(grid(d), CONFIG),
                    AdaptiveHistogramEstimator.Codec.class);

    private static final KeyedStateSpec<AdaptiveKernelDensityEstimator> KERNEL =
            KeyedStateSpec.of(d -> new AdaptiveKernelDensityEstimator(grid(d), CONFIG,
                    new double[] {0.3, 0.3}), AdaptiveKernelDensityEstimator.Codec.class);

    private static final KeyedStateSpec<WindowMixtureHistogramEstimator> EXPERTS =
            KeyedStateSpec.of(d -> new WindowMixtureHistogramEstimator(grid(d), new WindowMixtureConfig(2, 30, 0.01)),
                    WindowMixtureHistogramEstimator.Codec.class);

    /** The 2-D grid; other dimensions are rejected, as a job's factory does. */
    private static GridBinning grid(int dimension) {
        if (dimension != 2) {
            throw new IllegalArgumentException("dimension must be 2, got " + dimension);
        }
        return GRID;
    }

    static Stream<Arguments> bundleSizesBackendsAndEstimators() {
        List<Arguments> cases = new ArrayList<>();
        for (int bundleSize : new int[] {1, 2, 7, 64, 1000}) {
            cases.add(Arguments.of(bundleSize, new HashMapStateBackend(), ADAPTIVE));
            cases.add(Arguments.of(bundleSize, new EmbeddedRocksDBStateBackend(), ADAPTIVE));
        }
        for (int bundleSize : new int[] {7, 1000}) {
            for (KeyedStateSpec<?> factory : List.of(KERNEL, EXPERTS)) {
                cases.add(Arguments.of(bundleSize, new HashMapStateBackend(), factory));
                cases.add(Arguments.of(bundleSize, new EmbeddedRocksDBStateBackend(), factory));
            }
        }
        return cases.stream();
    }

    /**
     * Keys "a" (about half the elements), "b" and "c"; uniform on the unit square, then from element
     * 200 on in the lower-left quarter (a change the adaptive window reacts to); every 37th element
     * has a NaN coordinate, and key "c" starts with two elements of dimension 3.
     */
    private static List<Example> stream() {
        SplittableRandom random = new SplittableRandom(5);
        List<Example> examples = new ArrayList<>();
        int c = 0;
        for (int i = 0; i < N; i++) {
            double scale = i < 200 ? 1.0 : 0.25;
            double[] x = {scale * random.nextDouble(), scale * random.nextDouble()};
            if (i % 37 == 36) {
                x[1] = Double.NaN;
            }
            String key = random.nextInt(4) < 2 ? "a" : random.nextBoolean() ? "b" : "c";
            if (key.equals("c") && c++ < 2) {
                x = new double[] {x[0], x[0], x[0]};
            }
            examples.add(new Example(i, key, i, x, Double.NaN, Example.UNKNOWN_CONCEPT));
        }
        return examples;
    }

    /** What an operator emitted, as exact text (doubles in their shortest round-trip form), sorted. */
    private static final class Outputs {
        final List<String> scores = new ArrayList<>();
        final List<String> estimates = new ArrayList<>();
        final List<String> snapshots = new ArrayList<>();
        final Function<ModelSnapshot, String> snapshotText;

        Outputs(Function<ModelSnapshot, String> snapshotText) {
            this.snapshotText = snapshotText;
        }

        void collect(KeyedOneInputStreamOperatorTestHarness<String, Example, DensityScore> harness) {
            for (Object element : harness.getOutput()) {
                if (element instanceof StreamRecord) {
                    StreamRecord<?> record = (StreamRecord<?>) element;
                    DensityScore s = (DensityScore) record.getValue();
                    scores.add(String.format("%08d %s %d %d %d %s %s %d %s %s", s.id, s.key, s.timestamp,
                            record.getTimestamp(), s.concept, s.logDensity, s.added, s.window, s.drift,
                            s.outOfRange));
                }
            }
            for (StreamRecord<DensityEstimate> record : side(harness, DensityEstimationFunction.ESTIMATES)) {
                DensityEstimate e = record.getValue();
                estimates.add(String.format("%08d %s %d %d %d %d %s %s %s", e.id, e.key, e.timestamp,
                        record.getTimestamp(), e.elementsSeen, e.window, e.driftDetected,
                        Arrays.toString(e.probabilities), Arrays.toString(e.gridDensity)));
            }
            for (StreamRecord<ModelSnapshot> record : side(harness, DensityEstimationFunction.SNAPSHOTS)) {
                ModelSnapshot snapshot = record.getValue();
                snapshots.add(String.format("%08d %s %d %d %d %s", snapshot.timestamp, snapshot.key,
                        record.getTimestamp(), snapshot.modelVersion, snapshot.formatVersion,
                        snapshotText.apply(snapshot)));
            }
            harness.getOutput().clear();
        }

        void sort() {
            scores.sort(null);
            estimates.sort(null);
            snapshots.sort(null);
        }
    }

    private static <T> List<StreamRecord<T>> side(
            KeyedOneInputStreamOperatorTestHarness<String, Example, DensityScore> harness, OutputTag<T> tag) {
        List<StreamRecord<T>> records = new ArrayList<>();
        if (harness.getSideOutput(tag) != null) {
            records.addAll(harness.getSideOutput(tag));
            harness.getSideOutput(tag).clear();
        }
        return records;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Example, DensityScore> harness(
            OneInputStreamOperator<Example, DensityScore> operator, StateBackend backend) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, e -> e.key, Types.STRING);
        harness.getExecutionConfig().configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false),
                ClassLoader.getSystemClassLoader());
        harness.setStateBackend(backend);
        return harness;
    }

    /**
     * Feeds {@code examples}, a watermark every 50, snapshotting after {@code snapshotAt} and
     * restoring; with {@code reuse}, every element in the same {@link StreamRecord}.
     */
    private static Outputs run(Supplier<OneInputStreamOperator<Example, DensityScore>> operators,
            StateBackend backend, KeyedStateSpec<? extends DensityEstimator> factory, List<Example> examples, int snapshotAt,
            boolean reuse)
            throws Exception {
        Outputs outputs = new Outputs(backend instanceof HashMapStateBackend
                ? snapshot -> Arrays.toString(snapshot.state) : snapshot -> held(factory, snapshot));
        OperatorSubtaskState snapshot;
        try (var h = harness(operators.get(), backend)) {
            h.open();
            feed(h, examples, 0, snapshotAt, outputs, reuse);
            h.prepareSnapshotPreBarrier(1); // as the task does before the barrier (the harness' snapshot does not)
            snapshot = h.snapshot(1, snapshotAt);
            outputs.collect(h);
            assertEquals(snapshotAt, outputs.scores.size(), "the checkpoint holds no buffered element");
        }
        try (var h = harness(operators.get(), backend)) {
            h.initializeState(snapshot);
            h.open();
            feed(h, examples, snapshotAt, examples.size(), outputs, reuse);
            h.endInput();
            outputs.collect(h);
        }
        outputs.sort();
        return outputs;
    }

    /** The estimate of the estimator {@code snapshot} holds. */
    private static <E extends DensityEstimator> String held(KeyedStateSpec<E> factory, ModelSnapshot snapshot) {
        try {
            E estimator = snapshot.decode(InstantiationUtil.instantiate(factory.codecClass()));
            DensityEstimate e = DensityEstimationFunction.estimate(estimator,
                    new Example(0, snapshot.key, snapshot.timestamp, new double[0], Double.NaN, -1));
            return e.elementsSeen + " " + e.window + " " + e.driftDetected + " " + Arrays.toString(e.probabilities)
                    + " " + Arrays.toString(e.gridDensity);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, Example, DensityScore> h,
            List<Example> examples, int from, int to, Outputs outputs, boolean reuse) throws Exception {
        StreamRecord<Example> reused = new StreamRecord<>(null);
        for (int i = from; i < to; i++) {
            Example example = examples.get(i);
            h.processElement(reuse ? reused.replace(example, example.timestamp)
                    : new StreamRecord<>(example, example.timestamp));
            if (i % 50 == 49) {
                h.processWatermark(new Watermark(i));
                outputs.collect(h);
                assertEquals(i + 1, outputs.scores.size(), "no element is held behind a watermark");
            }
        }
    }

    private static <E extends DensityEstimator> Outputs recordAtATime(
            KeyedStateSpec<E> factory, StateBackend backend, List<Example> examples, int snapshotAt) throws Exception {
        return run(() -> new KeyedProcessOperator<>(new DensityEstimationFunction<>(factory, CADENCE, SNAPSHOT_EVERY)),
                backend, factory, examples, snapshotAt, false);
    }

    @ParameterizedTest
    @MethodSource("bundleSizesBackendsAndEstimators")
    <E extends DensityEstimator> void outputsEqualRecordAtATimeForAnyBundleSize(
            int bundleSize, StateBackend backend, KeyedStateSpec<E> factory) throws Exception {
        List<Example> examples = stream();
        int snapshotAt = 333; // not a multiple of any bundle size or of the watermark interval
        Outputs expected = recordAtATime(factory, backend, examples, snapshotAt);
        Outputs bundled = run(() -> new BundledDensityOperator<>(factory, CADENCE, SNAPSHOT_EVERY, bundleSize, 60_000),
                backend, factory, examples, snapshotAt, false);

        assertEquals(N, expected.scores.size());
        assertEquals(expected.scores, bundled.scores);
        assertEquals(expected.estimates, bundled.estimates);
        assertEquals(expected.snapshots, bundled.snapshots);
        assertTrue(expected.estimates.size() > 50 && expected.snapshots.size() > 20,
                expected.estimates.size() + " estimates, " + expected.snapshots.size() + " snapshots");
        assertTrue(expected.scores.stream().anyMatch(s -> s.contains(" c ") && s.contains("NaN false")),
                "key c starts with elements of an unusable dimension");
    }

    @Test
    void aReusedInputRecordIsNotHeldInTheBundle() throws Exception {
        List<Example> examples = stream();
        Outputs expected = recordAtATime(ADAPTIVE, new HashMapStateBackend(), examples, 333);
        Outputs bundled = run(() -> new BundledDensityOperator<>(ADAPTIVE, CADENCE, SNAPSHOT_EVERY, 7, 60_000),
                new HashMapStateBackend(), ADAPTIVE, examples, 333, true);
        assertEquals(expected.scores, bundled.scores);
        assertEquals(expected.estimates, bundled.estimates);
        assertEquals(expected.snapshots, bundled.snapshots);
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> new BundledDensityOperator<>(ADAPTIVE, 0, 0, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new BundledDensityOperator<>(ADAPTIVE, 1, -1, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new BundledDensityOperator<>(null, 1, 0, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new BundledDensityOperator<>(ADAPTIVE, 1, 0, 0, 10));
    }
}
