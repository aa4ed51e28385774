package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.conformal.DecayWeightedRiskController;
import io.flinkdrift.core.conformal.ExponentialDecay;
import io.flinkdrift.core.conformal.IntervalMiscoverageLoss;
import io.flinkdrift.core.conformal.LambdaGrid;
import io.flinkdrift.core.conformal.RiskTarget;
import io.flinkdrift.core.conformal.Similarity;
import io.flinkdrift.core.conformal.SimilarityWeightedRiskController;
import io.flinkdrift.core.conformal.SplitRule;
import io.flinkdrift.core.learners.rls.RlsConfig;
import io.flinkdrift.core.learners.rls.RvflRegressor;
import io.flinkdrift.core.learners.rls.RvflRegressorCodec;
import io.flinkdrift.operators.learning.KeyedModel;
import io.flinkdrift.operators.learning.ModelSnapshot;
import io.flinkdrift.operators.state.KeyedStateSpec;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;
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
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BundledConformalOperator} and {@link BundledConformalLearningOperator} against the
 * record-at-a-time {@link ConformalFunction} and {@link ConformalLearningFunction}: for any bundle
 * size, on heap and RocksDB and across a snapshot and restore in the middle of a bundle, the answers,
 * calibration snapshots and model snapshots are exactly the same (only the interleaving of keys
 * differs), and a watermark or a checkpoint never overtakes a buffered record; also when the input
 * hands over one reused {@link StreamRecord} for every record, as a chained operator does with
 * object reuse on.
 */
class BundledConformalOperatorTest {

    private static final int N = 600;
    private static final int KEYS = 5;
    private static final LambdaGrid GRID = LambdaGrid.linspace(0, 3, 61);
    private static final RiskTarget TARGET = new RiskTarget(GRID, 0.2, 1);
    private static final KeyedStateSpec<RvflRegressor> RLS = KeyedStateSpec.of(
            d -> new RvflRegressor(RlsConfig.builder(d).plainRls().forgetting(0.99).build()), RvflRegressorCodec.class);

    static Stream<Arguments> bundleSizesAndBackends() {
        List<Arguments> cases = new ArrayList<>();
        for (int bundleSize : new int[] {1, 2, 7, 64, 1000}) {
            cases.add(Arguments.of(bundleSize, new HashMapStateBackend()));
            cases.add(Arguments.of(bundleSize, new EmbeddedRocksDBStateBackend()));
        }
        return cases.stream();
    }

    /** Similarity weights over a bounded buffer of calibration elements: controller state that grows. */
    private static KeyedConformal<?> similarityWeighted() {
        return new KeyedConformal<>(ConformalTask.interval(new IntervalMiscoverageLoss()),
                new SimilarityWeightedRiskController(TARGET, 40, Similarity.gaussian(0.5)), SplitRule.calibrateEvery(1));
    }

    private static KeyedConformal<?> decayWeighted() {
        return new KeyedConformal<>(ConformalTask.interval(new IntervalMiscoverageLoss()),
                new DecayWeightedRiskController(new RiskTarget(GRID, 0.1, 1), ExponentialDecay.perArrival(0.99)),
                SplitRule.alternating());
    }

    private static KeyedModel<RvflRegressor> model() {
        return new KeyedModel<>(RLS, false, 7);
    }

    /** Keys of uneven frequency, noise growing along the stream, one in five unlabelled. */
    private static List<Example> examples() {
        SplittableRandom random = new SplittableRandom(17);
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            double[] x = {random.nextDouble(-1, 1), random.nextDouble(-1, 1)};
            double label = i % 5 == 4 ? Double.NaN : 2 * x[0] - x[1] + (1 + i / 200.0) * (random.nextDouble() - 0.5);
            String key = "k" + (int) Math.floor(KEYS * random.nextDouble() * random.nextDouble());
            examples.add(new Example(i, key, i, x, label, Example.UNKNOWN_CONCEPT));
        }
        return examples;
    }

    /** Model outputs of {@link #examples()}: the first feature as the prediction. */
    private static List<Prediction> predictions() {
        return examples().stream().map(e -> new Prediction(e, e.features[0], new double[0], 0)).toList();
    }

    /** What an operator emitted, each stream sorted (keys interleave differently in bundles). */
    private static final class Outputs {
        final List<ConformalPrediction> answers = new ArrayList<>();
        final List<ModelSnapshot> snapshots = new ArrayList<>();

        <I> void collect(KeyedOneInputStreamOperatorTestHarness<String, I, ConformalPrediction> harness) {
            answers.addAll(harness.extractOutputValues());
            for (OutputTag<ModelSnapshot> tag : List.of(ConformalFunction.SNAPSHOTS, KeyedModel.SNAPSHOTS)) {
                if (harness.getSideOutput(tag) != null) {
                    for (StreamRecord<ModelSnapshot> record : harness.getSideOutput(tag)) {
                        snapshots.add(record.getValue());
                    }
                    harness.getSideOutput(tag).clear();
                }
            }
            harness.getOutput().clear();
        }

        void sort() {
            answers.sort(Comparator.comparingLong(a -> a.id));
            snapshots.sort(Comparator.comparing((ModelSnapshot s) -> s.key).thenComparingLong(s -> s.modelVersion));
        }
    }

    private static <I> KeyedOneInputStreamOperatorTestHarness<String, I, ConformalPrediction> harness(
            OneInputStreamOperator<I, ConformalPrediction> operator, StateBackend backend,
            org.apache.flink.api.java.functions.KeySelector<I, String> key) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, key, Types.STRING);
        harness.getExecutionConfig().configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false),
                ClassLoader.getSystemClassLoader());
        harness.setStateBackend(backend);
        return harness;
    }

    /** Feeds {@code records}, a watermark every 50, snapshotting after {@code snapshotAt} and restoring. */
    private static <I> Outputs run(Supplier<OneInputStreamOperator<I, ConformalPrediction>> operators,
            StateBackend backend, List<I> records, ToLongFunction<I> timestamp,
            org.apache.flink.api.java.functions.KeySelector<I, String> key, int snapshotAt) throws Exception {
        Outputs outputs = new Outputs();
        OperatorSubtaskState snapshot;
        try (var h = harness(operators.get(), backend, key)) {
            h.open();
            feed(h, records, timestamp, 0, snapshotAt, outputs);
            h.prepareSnapshotPreBarrier(1); // as the task does before the barrier (the harness' snapshot does not)
            snapshot = h.snapshot(1, snapshotAt);
            outputs.collect(h);
            assertEquals(snapshotAt, outputs.answers.size(), "the checkpoint holds no buffered record");
        }
        try (var h = harness(operators.get(), backend, key)) {
            h.initializeState(snapshot);
            h.open();
            feed(h, records, timestamp, snapshotAt, records.size(), outputs);
            h.endInput();
            outputs.collect(h);
        }
        outputs.sort();
        return outputs;
    }

    private static <I> void feed(KeyedOneInputStreamOperatorTestHarness<String, I, ConformalPrediction> h,
            List<I> records, ToLongFunction<I> timestamp, int from, int to, Outputs outputs) throws Exception {
        for (int i = from; i < to; i++) {
            h.processElement(records.get(i), timestamp.applyAsLong(records.get(i)));
            if (i % 50 == 49) {
                h.processWatermark(new Watermark(i));
                outputs.collect(h);
                assertEquals(i + 1, outputs.answers.size(), "no record is held behind a watermark");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("bundleSizesAndBackends")
    void conformalAnswersEqualRecordAtATimeForAnyBundleSize(int bundleSize, StateBackend backend) throws Exception {
        List<Prediction> predictions = predictions();
        int snapshotAt = 333; // not a multiple of any bundle size or of the watermark interval
        Outputs expected = run(() -> new KeyedProcessOperator<>(new ConformalFunction(similarityWeighted(), 13)),
                backend, predictions, p -> p.timestamp, p -> p.key, snapshotAt);
        Outputs bundled = run(() -> new BundledConformalOperator(similarityWeighted(), 13, bundleSize, 60_000),
                backend, predictions, p -> p.timestamp, p -> p.key, snapshotAt);

        assertEquals(N, expected.answers.size());
        assertEquals(expected.answers, bundled.answers);
        assertEquals(expected.snapshots, bundled.snapshots);
        assertTrue(expected.snapshots.size() > 20, expected.snapshots.size() + " snapshots");
        assertTrue(expected.answers.stream().map(a -> a.lambda).distinct().count() > 5, "λ̂ moves");
    }

    @ParameterizedTest
    @MethodSource("bundleSizesAndBackends")
    void learningAnswersEqualRecordAtATimeForAnyBundleSize(int bundleSize, StateBackend backend) throws Exception {
        List<Example> examples = examples();
        int snapshotAt = 333;
        Outputs expected = run(() -> new KeyedProcessOperator<>(new ConformalLearningFunction<>(model(), decayWeighted())),
                backend, examples, e -> e.timestamp, e -> e.key, snapshotAt);
        Outputs bundled = run(() -> new BundledConformalLearningOperator<>(model(), decayWeighted(), bundleSize, 60_000),
                backend, examples, e -> e.timestamp, e -> e.key, snapshotAt);

        assertEquals(N, expected.answers.size());
        assertEquals(expected.answers, bundled.answers);
        assertEquals(expected.snapshots, bundled.snapshots);
        assertTrue(expected.snapshots.size() > 20, expected.snapshots.size() + " model snapshots");
        assertTrue(expected.answers.stream().map(a -> a.modelVersion).distinct().count() > 20, "the models learn");
    }

    /**
     * With object reuse, a chained operator emits every record in the same {@link StreamRecord},
     * replacing its value and timestamp: the bundle must not keep that wrapper.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 7, 64})
    void aReusedInputRecordIsNotHeldInTheBundle(int bundleSize) throws Exception {
        List<Prediction> predictions = predictions();
        List<Example> examples = examples();
        Outputs expected = new Outputs();
        Outputs bundled = new Outputs();
        try (var answers = harness(new KeyedProcessOperator<>(new ConformalFunction(similarityWeighted(), 13)),
                    new HashMapStateBackend(), (Prediction p) -> p.key);
                var bundledAnswers = harness(new BundledConformalOperator(similarityWeighted(), 13, bundleSize, 60_000),
                    new HashMapStateBackend(), (Prediction p) -> p.key);
                var learning = harness(new KeyedProcessOperator<>(new ConformalLearningFunction<>(model(), decayWeighted())),
                    new HashMapStateBackend(), (Example e) -> e.key);
                var bundledLearning = harness(
                    new BundledConformalLearningOperator<>(model(), decayWeighted(), bundleSize, 60_000),
                    new HashMapStateBackend(), (Example e) -> e.key)) {
            answers.open();
            bundledAnswers.open();
            learning.open();
            bundledLearning.open();
            StreamRecord<Prediction> reusedPrediction = new StreamRecord<>(null);
            StreamRecord<Example> reusedExample = new StreamRecord<>(null);
            for (int i = 0; i < N; i++) {
                answers.processElement(predictions.get(i), i);
                bundledAnswers.processElement(reusedPrediction.replace(predictions.get(i), i));
                learning.processElement(examples.get(i), i);
                bundledLearning.processElement(reusedExample.replace(examples.get(i), i));
            }
            bundledAnswers.endInput();
            bundledLearning.endInput();
            expected.collect(answers);
            expected.collect(learning);
            bundled.collect(bundledAnswers);
            bundled.collect(bundledLearning);
        }
        expected.sort();
        bundled.sort();
        assertEquals(2 * N, bundled.answers.size());
        assertEquals(expected.answers, bundled.answers);
        assertEquals(expected.snapshots, bundled.snapshots);
    }
}
