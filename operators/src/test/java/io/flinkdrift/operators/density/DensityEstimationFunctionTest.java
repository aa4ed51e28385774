package io.flinkdrift.operators.density;

import io.flinkdrift.core.density.AdaptiveHistogramEstimator;
import io.flinkdrift.core.density.AdaptiveKernelDensityEstimator;
import io.flinkdrift.core.density.AdaptiveWindowConfig;
import io.flinkdrift.core.density.DensityEstimator;
import io.flinkdrift.core.density.GridBinning;
import io.flinkdrift.core.density.WindowMixtureConfig;
import io.flinkdrift.core.density.WindowMixtureHistogramEstimator;
import io.flinkdrift.operators.state.KeyedStateSpec;
import io.flinkdrift.records.Example;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DensityEstimationFunctionTest {

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

    private static <E extends DensityEstimator> KeyedOneInputStreamOperatorTestHarness<String, Example, DensityScore>
            harness(KeyedStateSpec<E> factory, long cadence) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Example, DensityScore> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new DensityEstimationFunction<>(factory, cadence)),
                        e -> e.key, Types.STRING);
        harness.open();
        return harness;
    }

    /**
     * Keys "a" (2/3 of the elements) and "b"; uniform on the unit square, then from element 200 on
     * concentrated in the lower-left quarter (an abrupt change the adaptive window reacts to); every
     * 37th element has a NaN coordinate.
     */
    private static List<Example> stream(int n) {
        SplittableRandom random = new SplittableRandom(7);
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double scale = i < 200 ? 1.0 : 0.25;
            double[] x = {scale * random.nextDouble(), scale * random.nextDouble()};
            if (i % 37 == 36) {
                x[1] = Double.NaN;
            }
            examples.add(new Example(i, i % 3 == 2 ? "b" : "a", i, x, Double.NaN, Example.UNKNOWN_CONCEPT));
        }
        return examples;
    }

    private static List<DensityScore> scores(KeyedOneInputStreamOperatorTestHarness<String, Example, DensityScore> h) {
        List<DensityScore> out = new ArrayList<>();
        for (Object record : h.getOutput()) {
            @SuppressWarnings("unchecked")
            StreamRecord<DensityScore> score = (StreamRecord<DensityScore>) record;
            out.add(score.getValue());
        }
        return out;
    }

    private static List<DensityEstimate> estimates(
            KeyedOneInputStreamOperatorTestHarness<String, Example, DensityScore> h) {
        List<DensityEstimate> out = new ArrayList<>();
        var side = h.getSideOutput(DensityEstimationFunction.ESTIMATES);
        if (side != null) {
            side.forEach(record -> out.add(record.getValue()));
        }
        return out;
    }

    private static void process(KeyedOneInputStreamOperatorTestHarness<String, Example, DensityScore> h,
            List<Example> examples) throws Exception {
        for (Example example : examples) {
            h.processElement(example, example.timestamp);
        }
    }

    @Test
    void scoresAreTheCoreLogDensityBeforeAddAndEstimatesFollowTheCadence() throws Exception {
        List<Example> examples = stream(600);
        Map<String, AdaptiveHistogramEstimator> reference = new HashMap<>();
        try (var h = harness(ADAPTIVE, 25)) {
            process(h, examples);
            List<DensityScore> scores = scores(h);
            List<DensityEstimate> estimates = estimates(h);
            assertEquals(examples.size(), scores.size());

            List<DensityEstimate> expectedEstimates = new ArrayList<>();
            int drifts = 0;
            for (int i = 0; i < examples.size(); i++) {
                Example example = examples.get(i);
                AdaptiveHistogramEstimator core =
                        reference.computeIfAbsent(example.key, k -> ADAPTIVE.create(2));
                double expectedScore = core.logDensity(example.features);
                int windowBefore = core.window();
                boolean added = core.add(example.features);
                DensityScore score = scores.get(i);
                assertEquals(example.id, score.id);
                assertEquals(example.key, score.key);
                assertEquals(expectedScore, score.logDensity, 0.0); // bit-identical, NaN for NaN input
                assertEquals(added, score.added);
                assertEquals(!Double.isNaN(example.features[1]), added);
                assertEquals(core.window(), score.window);
                assertEquals(added && core.driftDetected() && core.window() < windowBefore, score.drift);
                drifts += score.drift ? 1 : 0;
                if (added && core.elementsSeen() % 25 == 0) {
                    expectedEstimates.add(DensityEstimationFunction.estimate(core, example));
                }
            }
            assertTrue(drifts >= 1, "the change at element 200 must shrink a window");

            // Cadence: key "a" accepted 389 elements (15 estimates), "b" 195 (7 estimates).
            assertEquals(15 + 7, estimates.size());
            assertEquals(expectedEstimates.size(), estimates.size());
            for (int e = 0; e < estimates.size(); e++) {
                DensityEstimate actual = estimates.get(e);
                DensityEstimate expected = expectedEstimates.get(e);
                assertEquals(expected.key, actual.key);
                assertEquals(expected.id, actual.id);
                assertEquals(0, actual.elementsSeen % 25);
                assertEquals(expected.elementsSeen, actual.elementsSeen);
                assertEquals(expected.window, actual.window);
                assertEquals(expected.driftDetected, actual.driftDetected);
                assertArrayEquals(expected.probabilities, actual.probabilities, 0.0);
                assertEquals(1.0, sum(actual.probabilities), 1e-12);
                assertEquals(0, actual.gridDensity.length);
            }
        }
    }

    @Test
    void kernelEstimatesAreTheDensityAtTheGridCellCentres() throws Exception {
        List<Example> examples = stream(120);
        AdaptiveKernelDensityEstimator reference = KERNEL.create(2);
        try (var h = harness(KERNEL, 40)) {
            for (Example example : examples) {
                if (example.key.equals("a")) {
                    h.processElement(example, example.timestamp);
                    reference.add(example.features);
                    if (reference.elementsSeen() == 40) {
                        break;
                    }
                }
            }
            List<DensityEstimate> estimates = estimates(h);
            assertEquals(1, estimates.size());
            double[] density = estimates.get(0).gridDensity;
            assertEquals(GRID.numBins(), density.length);
            for (int cell = 0; cell < density.length; cell++) {
                assertEquals(reference.density(GRID.cellCenter(cell)), density[cell], 0.0);
            }
            assertEquals(0, estimates.get(0).probabilities.length);
            assertTrue(Double.isNaN(scores(h).get(0).logDensity), "an empty kernel estimate scores NaN");
        }
    }

    @Test
    void restoredStateGivesIdenticalLaterOutputs() throws Exception {
        assertRestoredStateGivesIdenticalLaterOutputs(ADAPTIVE);
        assertRestoredStateGivesIdenticalLaterOutputs(EXPERTS);
    }

    private static <E extends DensityEstimator> void assertRestoredStateGivesIdenticalLaterOutputs(
            KeyedStateSpec<E> factory) throws Exception {
        List<Example> examples = stream(500);
        OperatorSubtaskState snapshot;
        List<DensityScore> uninterruptedScores;
        List<DensityEstimate> uninterruptedEstimates;
        try (var h = harness(factory, 20)) {
            process(h, examples.subList(0, 230));
            snapshot = h.snapshot(1, 230);
            int scoresBefore = scores(h).size();
            int estimatesBefore = estimates(h).size();
            process(h, examples.subList(230, 500));
            uninterruptedScores = scores(h).subList(scoresBefore, 500);
            uninterruptedEstimates = estimates(h).subList(estimatesBefore, estimates(h).size());
        }
        try (var restored = new KeyedOneInputStreamOperatorTestHarness<String, Example, DensityScore>(
                new KeyedProcessOperator<>(new DensityEstimationFunction<>(factory, 20)),
                e -> e.key, Types.STRING)) {
            restored.initializeState(snapshot);
            restored.open();
            process(restored, examples.subList(230, 500));
            List<DensityScore> scores = scores(restored);
            List<DensityEstimate> estimates = estimates(restored);
            assertEquals(uninterruptedScores.size(), scores.size());
            for (int i = 0; i < scores.size(); i++) {
                DensityScore expected = uninterruptedScores.get(i);
                DensityScore actual = scores.get(i);
                assertEquals(expected.id, actual.id);
                assertEquals(expected.logDensity, actual.logDensity, 0.0);
                assertEquals(expected.window, actual.window);
                assertEquals(expected.drift, actual.drift);
                assertEquals(expected.added, actual.added);
            }
            assertFalse(estimates.isEmpty());
            assertEquals(uninterruptedEstimates.size(), estimates.size());
            for (int e = 0; e < estimates.size(); e++) {
                assertEquals(uninterruptedEstimates.get(e).id, estimates.get(e).id);
                assertEquals(uninterruptedEstimates.get(e).elementsSeen, estimates.get(e).elementsSeen);
                assertArrayEquals(uninterruptedEstimates.get(e).probabilities, estimates.get(e).probabilities, 0.0);
            }
        }
    }

    @Test
    void aFirstElementOfUnusableDimensionIsScoredNaNWithoutState() throws Exception {
        try (var h = harness(ADAPTIVE, 1)) {
            h.processElement(new Example(0, "a", 0, new double[] {0.5, 0.5, 0.5}, Double.NaN, -1), 0);
            h.processElement(new Example(1, "a", 1, new double[] {0.1, 0.1}, Double.NaN, -1), 1);
            List<DensityScore> scores = scores(h);
            assertTrue(Double.isNaN(scores.get(0).logDensity));
            assertFalse(scores.get(0).added);
            // The second element meets a fresh estimator: the uniform KT-smoothed score over 16 cells.
            assertEquals(Math.log(1.0 / 16 / GRID.binVolume(0)), scores.get(1).logDensity, 1e-12);
            assertTrue(scores.get(1).added);
            assertEquals(1, estimates(h).size());
            assertEquals(1, estimates(h).get(0).elementsSeen);
        }
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> new DensityEstimationFunction<>(ADAPTIVE, 0));
        assertThrows(IllegalArgumentException.class, () -> new DensityEstimationFunction<>(null, 1));
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double value : values) {
            total += value;
        }
        return total;
    }
}
