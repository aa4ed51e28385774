package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.conformal.DecayWeightedRiskController;
import io.flinkdrift.core.conformal.DecayingLossSums;
import io.flinkdrift.core.conformal.ExponentialDecay;
import io.flinkdrift.core.conformal.IntervalMiscoverageLoss;
import io.flinkdrift.core.conformal.LambdaGrid;
import io.flinkdrift.core.conformal.LambdaSelection;
import io.flinkdrift.core.conformal.RiskController;
import io.flinkdrift.core.conformal.RiskTarget;
import io.flinkdrift.core.conformal.SetMiscoverageLoss;
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
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keyed conformal functions against the core controllers driven directly, on Flink's operator harness. */
class ConformalFunctionTest {

    private static final LambdaGrid GRID = LambdaGrid.linspace(0, 3, 61);
    private static final RiskTarget TARGET = new RiskTarget(GRID, 0.2, 1);

    /** Regression predictions with noise that grows along the stream; key "b" every third, every 7th unlabelled. */
    private static List<Prediction> regressionStream(int n, long seed, boolean shuffleTimes) {
        Random random = new Random(seed);
        List<Prediction> stream = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Example e = new Example(i, i % 3 == 0 ? "b" : "a", i * 10L, new double[0],
                    i % 7 == 6 ? Double.NaN : (1 + i / 100.0) * random.nextGaussian(), Example.UNKNOWN_CONCEPT);
            if (shuffleTimes) {
                e.timestamp += random.nextInt(60) - 30; // out of order by up to 3 positions
            }
            stream.add(new Prediction(e, 0.1 * random.nextGaussian(), new double[0], i));
        }
        return stream;
    }

    private static <S> KeyedOneInputStreamOperatorTestHarness<String, Prediction, ConformalPrediction> harness(
            ConformalTask task, RiskController<S> control, SplitRule split) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ConformalFunction(new KeyedConformal<>(task, control, split))),
                p -> p.key, Types.STRING);
    }

    private static List<ConformalPrediction> run(KeyedOneInputStreamOperatorTestHarness<String, Prediction,
            ConformalPrediction> h, List<Prediction> stream, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            h.processElement(stream.get(i), stream.get(i).timestamp);
        }
        return h.extractOutputValues();
    }

    @Test
    void arrivalWeightsEqualTheCoreControllerDrivenDirectlyPerKey() throws Exception {
        DecayWeightedRiskController controller = new DecayWeightedRiskController(TARGET, ExponentialDecay.perArrival(0.95));
        ConformalTask task = ConformalTask.interval(new IntervalMiscoverageLoss());
        List<Prediction> stream = regressionStream(600, 1, false);
        List<ConformalPrediction> out;
        try (var h = harness(task, controller, SplitRule.alternating())) {
            h.open();
            out = run(h, stream, 0, stream.size());
        }
        assertEquals(stream.size(), out.size());
        Map<String, DecayingLossSums> states = new HashMap<>();
        Map<String, long[]> indices = new HashMap<>();
        Map<String, double[]> risks = new HashMap<>();
        IntervalMiscoverageLoss loss = new IntervalMiscoverageLoss();
        int feasible = 0;
        for (int i = 0; i < stream.size(); i++) {
            Prediction p = stream.get(i);
            DecayingLossSums state = states.computeIfAbsent(p.key, k -> controller.newState());
            long index = indices.computeIfAbsent(p.key, k -> new long[1])[0]++;
            double[] risk = risks.computeIfAbsent(p.key, k -> new double[2]);
            LambdaSelection expected = controller.select(state, index);
            ConformalPrediction actual = out.get(i);
            assertEquals(index, actual.streamIndex, "index " + i);
            assertEquals(index % 2 == 0, actual.calibrates);
            assertEquals(expected.lambda(), actual.lambda, 0.0, "lambda " + i);
            assertEquals(expected.weightSum(), actual.weightSum, 0.0);
            assertEquals(expected.infeasible(), actual.infeasible);
            assertEquals(p.prediction - expected.lambda(), actual.lower, 0.0);
            assertEquals(p.prediction + expected.lambda(), actual.upper, 0.0);
            assertEquals(2 * expected.lambda(), actual.size, 0.0);
            if (p.labelled()) {
                double[] curve = loss.lossCurve(p.prediction, p.label, GRID);
                assertEquals(curve[expected.gridIndex()], actual.loss, 0.0);
                risk[0] += curve[expected.gridIndex()];
                risk[1]++;
                if (index % 2 == 0) {
                    controller.update(state, index, curve);
                }
            } else {
                assertTrue(Double.isNaN(actual.loss));
            }
            assertEquals(risk[1] == 0 ? Double.NaN : risk[0] / risk[1], actual.runningRisk, 0.0);
            feasible += expected.infeasible() ? 0 : 1;
        }
        assertTrue(feasible > 50 && feasible < stream.size(), "both feasible and infeasible queries: " + feasible);
    }

    @Test
    void lateLabelsByEventTimeMatchTheCoreAndBruteForceWeights() throws Exception {
        double tau = 200;
        DecayWeightedRiskController controller = new DecayWeightedRiskController(TARGET, ExponentialDecay.perEventTime(tau));
        ConformalTask task = ConformalTask.interval(new IntervalMiscoverageLoss());
        List<Prediction> stream = regressionStream(300, 2, true);
        List<ConformalPrediction> out;
        try (var h = harness(task, controller, SplitRule.calibrateEvery(1))) {
            h.open();
            out = run(h, stream, 0, stream.size());
        }
        Map<String, DecayingLossSums> states = new HashMap<>();
        Map<String, List<Long>> calibrationTimes = new HashMap<>();
        int late = 0;
        for (int i = 0; i < stream.size(); i++) {
            Prediction p = stream.get(i);
            DecayingLossSums state = states.computeIfAbsent(p.key, k -> controller.newState());
            List<Long> times = calibrationTimes.computeIfAbsent(p.key, k -> new ArrayList<>());
            LambdaSelection expected = controller.select(state, p.timestamp);
            assertEquals(expected.lambda(), out.get(i).lambda, 0.0, "lambda " + i);
            long newest = times.stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
            late += p.timestamp < newest ? 1 : 0;
            double bruteForce = 0;
            for (long t : times) {
                bruteForce += Math.exp(-(Math.max(p.timestamp, newest) - t) / tau);
            }
            assertEquals(bruteForce, out.get(i).weightSum, 1e-12 * Math.max(1, bruteForce), "N_w " + i);
            if (p.labelled()) {
                controller.update(state, p.timestamp, new IntervalMiscoverageLoss().lossCurve(p.prediction, p.label, GRID));
                times.add(p.timestamp);
            }
        }
        assertTrue(late > 50, "the stream has late elements: " + late);
    }

    @Test
    void restoreMidStreamGivesIdenticalLaterOutputs() throws Exception {
        SimilarityWeightedRiskController controller =
                new SimilarityWeightedRiskController(TARGET, 50, Similarity.gaussian(0.5));
        ConformalTask task = ConformalTask.interval(new IntervalMiscoverageLoss());
        List<Prediction> stream = regressionStream(400, 3, false);
        List<ConformalPrediction> uninterrupted;
        OperatorSubtaskState snapshot;
        try (var h = harness(task, controller, SplitRule.alternating())) {
            h.open();
            run(h, stream, 0, 200);
            snapshot = h.snapshot(1, 1);
            List<ConformalPrediction> all = run(h, stream, 200, 400);
            uninterrupted = new ArrayList<>(all.subList(200, 400));
        }
        try (var h = harness(task, controller, SplitRule.alternating())) {
            h.initializeState(snapshot);
            h.open();
            List<ConformalPrediction> restored = run(h, stream, 200, 400);
            assertEquals(uninterrupted, restored);
            // element 201 is key "b"'s 68th (ids 0, 3, ..., 201): its index survived the restore
            assertEquals(67, restored.get(1).streamIndex);
            assertTrue(restored.stream().anyMatch(o -> !o.infeasible), "the restored buffer answers");
        }
    }

    @Test
    void classSetsWithInvalidLabelsRejectedAndNotCalibrated() throws Exception {
        DecayWeightedRiskController controller = new DecayWeightedRiskController(TARGET, ExponentialDecay.none());
        ConformalTask task = ConformalTask.classSet();
        Random random = new Random(4);
        List<Prediction> stream = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double p0 = random.nextDouble();
            double label = i == 50 ? -1 : i == 51 ? 0.5 : random.nextDouble() < p0 ? 0 : 1;
            Example e = new Example(i, "", i, new double[0], label, Example.UNKNOWN_CONCEPT);
            stream.add(new Prediction(e, p0 >= 0.5 ? 0 : 1, new double[] {p0, 1 - p0}, i));
        }
        List<ConformalPrediction> out;
        try (var h = harness(task, controller, SplitRule.calibrateEvery(1))) {
            h.open();
            out = run(h, stream, 0, stream.size());
        }
        DecayingLossSums state = controller.newState();
        SetMiscoverageLoss loss = new SetMiscoverageLoss();
        for (int i = 0; i < stream.size(); i++) {
            Prediction p = stream.get(i);
            LambdaSelection expected = controller.select(state, i);
            ConformalPrediction actual = out.get(i);
            assertEquals(expected.lambda(), actual.lambda, 0.0);
            assertArrayEquals(loss.predictionSet(p.probabilities, expected.lambda()), actual.set);
            assertEquals(actual.set.length, actual.size, 0.0);
            assertTrue(Double.isNaN(actual.lower));
            if (i == 50 || i == 51) {
                assertTrue(Double.isNaN(actual.loss), "invalid class " + p.label + " has no loss");
            } else {
                controller.update(state, i, loss.lossCurve(p.probabilities, (int) p.label, GRID));
            }
        }
        assertEquals(198, state.calibrationCount());
    }

    @Test
    void learnerTrainsOnlyOnTrainingIndicesAndCalibrationUsesUntrainedPredictions() throws Exception {
        KeyedStateSpec<RvflRegressor> ls = KeyedStateSpec.of(
                d -> new RvflRegressor(RlsConfig.builder(d).plainRls().forgetting(1).build()), RvflRegressorCodec.class);
        DecayWeightedRiskController controller =
                new DecayWeightedRiskController(new RiskTarget(GRID, 0.1, 1), ExponentialDecay.perArrival(0.99));
        ConformalTask task = ConformalTask.interval(new IntervalMiscoverageLoss());
        KeyedConformal<DecayingLossSums> conformal =
                new KeyedConformal<>(task, controller, SplitRule.alternating());
        ConformalLearningFunction<RvflRegressor> function = new ConformalLearningFunction<>(
                new KeyedModel<>(ls, false, 0), conformal);
        Random random = new Random(5);
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double[] x = {random.nextGaussian(), random.nextGaussian()};
            examples.add(new Example(i, "", i, x, 2 * x[0] - x[1] + 0.3 * random.nextGaussian(), -1));
        }
        List<ConformalPrediction> out;
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function),
                (Example e) -> e.key, Types.STRING)) {
            h.open();
            for (Example e : examples) {
                h.processElement(e, e.timestamp);
            }
            out = h.extractOutputValues();
        }
        RvflRegressor model = ls.create(2);
        DecayingLossSums state = controller.newState();
        IntervalMiscoverageLoss loss = new IntervalMiscoverageLoss();
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            double predicted = model.predict(e.features);
            ConformalPrediction actual = out.get(i);
            assertEquals(predicted, actual.prediction, 0.0, "prediction " + i);
            assertEquals(i / 2, actual.modelVersion, "the model trained on the odd indices before " + i);
            assertEquals(controller.select(state, i).lambda(), actual.lambda, 0.0);
            if (i % 2 == 1) {
                model.learn(e.features, e.label);
            } else {
                assertFalse(Double.isNaN(actual.loss));
                controller.update(state, i, loss.lossCurve(predicted, e.label, GRID));
            }
        }
        double covered = out.stream().skip(100).filter(o -> o.loss == 0).count() / 200.0;
        assertTrue(covered >= 0.8, "miscoverage controlled near alpha = 0.1: coverage " + covered);
    }

    /**
     * Every 50th element of a key, the side output carries the key's state: its version and time are
     * the key's element count and that element's time, its progress gives the running risk the
     * operator showed, and its controller state, decoded, selects for the key's next element exactly
     * the λ̂ the operator showed that element.
     */
    @Test
    void snapshotsCarryTheKeysCalibratedStateAfterEveryNthElement() throws Exception {
        DecayWeightedRiskController controller = new DecayWeightedRiskController(TARGET, ExponentialDecay.perArrival(0.95));
        KeyedConformal<DecayingLossSums> conformal = new KeyedConformal<>(
                ConformalTask.interval(new IntervalMiscoverageLoss()), controller, SplitRule.alternating());
        List<Prediction> stream = regressionStream(600, 4, false);
        List<ConformalPrediction> out;
        List<ModelSnapshot> snapshots = new ArrayList<>();
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ConformalFunction(conformal, 50)), (Prediction p) -> p.key, Types.STRING)) {
            h.open();
            out = run(h, stream, 0, stream.size());
            h.getSideOutput(ConformalFunction.SNAPSHOTS).forEach(r -> snapshots.add(r.getValue()));
        }
        assertEquals(List.of("a/100", "a/150", "a/200", "a/250", "a/300", "a/350", "a/400", "a/50",
                        "b/100", "b/150", "b/200", "b/50"),
                snapshots.stream().map(s -> s.key + "/" + s.modelVersion).sorted().collect(Collectors.toList()));
        Map<String, List<ConformalPrediction>> answers = out.stream()
                .collect(Collectors.groupingBy(a -> a.key, Collectors.toList()));
        Set<Double> lambdas = new HashSet<>();
        for (ModelSnapshot snapshot : snapshots) {
            List<ConformalPrediction> keyAnswers = answers.get(snapshot.key);
            int version = (int) snapshot.modelVersion;
            ConformalCalibration calibration = snapshot.decode(new ConformalCalibration.Codec());
            assertEquals(version, calibration.elements());
            assertEquals(keyAnswers.get(version - 1).timestamp, snapshot.timestamp);
            assertEquals(snapshot.timestamp, calibration.timestamp());
            ConformalProgress progress = calibration.progress();
            assertEquals(version, progress.nextIndex);
            assertEquals(keyAnswers.subList(0, version).stream().filter(a -> !Double.isNaN(a.loss)).count(),
                    progress.evaluated);
            assertEquals(keyAnswers.get(version - 1).runningRisk, progress.lossSum / progress.evaluated, 0.0);
            if (version < keyAnswers.size()) {
                LambdaSelection next = controller.select(calibration.calibration(conformal), version);
                assertEquals(keyAnswers.get(version).lambda, next.lambda(), 0.0, snapshot.toString());
                assertEquals(keyAnswers.get(version).weightSum, next.weightSum(), 0.0, snapshot.toString());
                lambdas.add(next.lambda());
            }
        }
        assertTrue(lambdas.size() > 1, "the snapshots differ: " + lambdas);
    }
}
