package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.conformal.IntervalMiscoverageLoss;
import io.flinkdrift.core.conformal.LambdaGrid;
import io.flinkdrift.core.conformal.RiskTarget;
import io.flinkdrift.core.conformal.Similarity;
import io.flinkdrift.core.conformal.SimilarityWeightedRiskController;
import io.flinkdrift.core.conformal.SplitRule;
import io.flinkdrift.operators.learning.BundledDelayedLabelOperator;
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
 * {@link BundledDelayedLabelOperator} against the record-at-a-time {@link
 * DelayedLabelConformalFunction}, on predictions of four keys with labels that come late (in another
 * order), early, never or past their deadline, and watermarks that expire what waited: for any bundle
 * size, on heap and RocksDB and across a snapshot and restore in the middle of a bundle, the answers
 * and the labelled answers are exactly the same per key, in the same order, and a watermark or a
 * checkpoint never overtakes a buffered prediction; also when the inputs hand over one reused {@link
 * StreamRecord} each.
 */
class BundledDelayedLabelConformalOperatorTest {

    private static final int PREDICTIONS = 800;
    private static final int KEYS = 4;
    private static final long MAX_DELAY = 40;
    private static final LambdaGrid GRID = LambdaGrid.linspace(0, 3, 61);

    static Stream<Arguments> bundleSizesAndBackends() {
        List<Arguments> cases = new ArrayList<>();
        for (int bundleSize : new int[] {1, 2, 7, 64, 1000}) {
            cases.add(Arguments.of(bundleSize, new HashMapStateBackend()));
            cases.add(Arguments.of(bundleSize, new EmbeddedRocksDBStateBackend()));
        }
        return cases.stream();
    }

    private static DelayedLabelConformalFunction function() {
        return new DelayedLabelConformalFunction(new KeyedConformal<>(ConformalTask.interval(new IntervalMiscoverageLoss()),
                new SimilarityWeightedRiskController(new RiskTarget(GRID, 0.2, 1), 40, Similarity.gaussian(0.5)),
                SplitRule.calibrateEvery(1)), MAX_DELAY);
    }

    /** A prediction, a label, or a watermark where both are null. */
    private record Arrival(Prediction prediction, Label label, long watermark) {}

    /**
     * Predictions at time i, one in five with its truth; the others' labels arrive 0 to 60 later (some
     * past the deadline of 40), one in 15 early, one in 20 never. A watermark every 25 arrivals, 15 behind.
     */
    private static List<Arrival> stream() {
        SplittableRandom random = new SplittableRandom(31);
        List<List<Arrival>> at = new ArrayList<>();
        for (int t = 0; t < PREDICTIONS + 70; t++) {
            at.add(new ArrayList<>());
        }
        for (int i = 0; i < PREDICTIONS; i++) {
            String key = "k" + (int) Math.floor(KEYS * random.nextDouble() * random.nextDouble());
            double predicted = random.nextGaussian();
            double truth = predicted + (1 + i / 400.0) * random.nextGaussian();
            boolean labelled = i % 5 == 0;
            Example example = new Example(i, key, i, new double[0], labelled ? truth : Double.NaN, -1);
            at.get(i).add(new Arrival(new Prediction(example, predicted, new double[0], 0), null, 0));
            if (labelled || i % 20 == 3) {
                continue;
            }
            int arrival = i % 15 == 1 ? Math.max(0, i - 2) : i + random.nextInt(0, 61);
            at.get(arrival).add(0, new Arrival(null, new Label(i, key, arrival, truth), 0));
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

    private static final class Outputs {
        final List<ConformalPrediction> answers = new ArrayList<>();
        final List<ConformalPrediction> labelled = new ArrayList<>();

        void collect(KeyedTwoInputStreamOperatorTestHarness<String, Prediction, Label, ConformalPrediction> h) {
            answers.addAll(h.extractOutputValues());
            if (h.getSideOutput(DelayedLabelConformalFunction.LABELLED_ANSWERS) != null) {
                h.getSideOutput(DelayedLabelConformalFunction.LABELLED_ANSWERS).forEach(r -> labelled.add(r.getValue()));
                h.getSideOutput(DelayedLabelConformalFunction.LABELLED_ANSWERS).clear();
            }
            h.getOutput().clear();
        }

        /** Sorted by key only (stable: a key's order is kept). */
        void sort() {
            answers.sort(Comparator.comparing(a -> a.key));
            labelled.sort(Comparator.comparing(a -> a.key));
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, Prediction, Label, ConformalPrediction> harness(
            TwoInputStreamOperator<Prediction, Label, ConformalPrediction> operator, StateBackend backend)
            throws Exception {
        var harness = new KeyedTwoInputStreamOperatorTestHarness<>(operator, p -> p.key, l -> l.key, Types.STRING);
        harness.getExecutionConfig().configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false),
                ClassLoader.getSystemClassLoader());
        harness.setStateBackend(backend);
        return harness;
    }

    private static Outputs run(Supplier<TwoInputStreamOperator<Prediction, Label, ConformalPrediction>> operators,
            StateBackend backend, List<Arrival> stream, int snapshotAt) throws Exception {
        Outputs outputs = new Outputs();
        OperatorSubtaskState snapshot;
        try (var h = harness(operators.get(), backend)) {
            h.open();
            feed(h, stream, 0, snapshotAt, outputs);
            h.prepareSnapshotPreBarrier(1); // as the task does before the barrier (the harness' snapshot does not)
            snapshot = h.snapshot(1, snapshotAt);
            outputs.collect(h);
            assertEquals(predictionsBefore(stream, snapshotAt), outputs.answers.size(),
                    "the checkpoint holds no buffered prediction");
        }
        try (var h = harness(operators.get(), backend)) {
            h.initializeState(snapshot);
            h.open();
            feed(h, stream, snapshotAt, stream.size(), outputs);
            h.endInput1();
            h.endInput2();
            outputs.collect(h);
        }
        outputs.sort();
        return outputs;
    }

    private static long predictionsBefore(List<Arrival> stream, int end) {
        return stream.subList(0, end).stream().filter(a -> a.prediction() != null).count();
    }

    private static void feed(KeyedTwoInputStreamOperatorTestHarness<String, Prediction, Label, ConformalPrediction> h,
            List<Arrival> stream, int from, int to, Outputs outputs) throws Exception {
        for (int i = from; i < to; i++) {
            Arrival arrival = stream.get(i);
            if (arrival.prediction() != null) {
                h.processElement1(arrival.prediction(), arrival.prediction().timestamp);
            } else if (arrival.label() != null) {
                h.processElement2(arrival.label(), arrival.label().timestamp);
            } else {
                h.processWatermark1(new Watermark(arrival.watermark()));
                h.processWatermark2(new Watermark(arrival.watermark()));
                outputs.collect(h);
                assertEquals(predictionsBefore(stream, i), outputs.answers.size(), "no prediction held behind a watermark");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("bundleSizesAndBackends")
    void outputsEqualRecordAtATimeForAnyBundleSize(int bundleSize, StateBackend backend) throws Exception {
        List<Arrival> stream = stream();
        int snapshotAt = 555;
        Outputs expected = run(() -> new KeyedCoProcessOperator<>(function()), backend, stream, snapshotAt);
        Outputs bundled = run(() -> new BundledDelayedLabelOperator<>(function(), bundleSize, 60_000),
                backend, stream, snapshotAt);

        assertEquals(PREDICTIONS, expected.answers.size());
        assertEquals(expected.answers, bundled.answers);
        assertEquals(expected.labelled, bundled.labelled);
        assertTrue(expected.labelled.size() > 300 && expected.labelled.size() < 600,
                expected.labelled.size() + " labelled later (some expired)");
        assertTrue(expected.answers.stream().map(a -> a.lambda).distinct().count() > 5, "λ̂ moves");
    }

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
            StreamRecord<Prediction> reusedPrediction = new StreamRecord<>(null);
            StreamRecord<Label> reusedLabel = new StreamRecord<>(null);
            for (Arrival arrival : stream()) {
                if (arrival.prediction() != null) {
                    atATime.processElement1(arrival.prediction(), arrival.prediction().timestamp);
                    h.processElement1(reusedPrediction.replace(arrival.prediction(), arrival.prediction().timestamp));
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
        assertEquals(PREDICTIONS, bundled.answers.size());
        assertEquals(expected.answers, bundled.answers);
        assertEquals(expected.labelled, bundled.labelled);
    }
}
