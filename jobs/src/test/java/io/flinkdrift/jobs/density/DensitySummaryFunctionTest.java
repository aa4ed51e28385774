package io.flinkdrift.jobs.density;

import io.flinkdrift.core.density.GridBinning;
import io.flinkdrift.generators.DriftingGaussianMixtureGenerator;
import io.flinkdrift.generators.StreamSettings;
import io.flinkdrift.operators.density.DensityEstimate;
import io.flinkdrift.operators.density.DensityScore;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DensitySummaryFunctionTest {

    private static final GridBinning GRID = new GridBinning(new double[] {-12, -12}, new double[] {12, 12}, 6);
    private static final MixtureCellMasses TRUTH = new MixtureCellMasses(new DriftingGaussianMixtureGenerator(
            StreamSettings.ofSeed(1), 2, 3, 1.0, 5.0, DriftingGaussianMixtureGenerator.Mode.ABRUPT,
            4e-4, 1000, 0.5, 50_000), GRID, 4);

    private static KeyedTwoInputStreamOperatorTestHarness<Integer, DensityScore, DensityEstimate, DensitySummary>
            harness() throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new DensitySummaryFunction(TRUTH)),
                score -> DensitySummaryFunction.KEY, estimate -> DensitySummaryFunction.KEY, Types.INT);
    }

    private static DensityScore score(int i) {
        DensityScore score = new DensityScore();
        score.id = i;
        score.key = "";
        score.logDensity = i % 11 == 0 ? Double.NaN : -0.01 * i;
        score.added = i % 11 != 0;
        score.window = i % 64;
        score.drift = i % 50 == 7;
        return score;
    }

    private static DensityEstimate estimate(int i, SplittableRandom random) {
        DensityEstimate estimate = new DensityEstimate();
        estimate.id = i;
        estimate.probabilities = new double[GRID.numBins()];
        double total = 0;
        for (int c = 0; c < estimate.probabilities.length; c++) {
            estimate.probabilities[c] = random.nextDouble();
            total += estimate.probabilities[c];
        }
        for (int c = 0; c < estimate.probabilities.length; c++) {
            estimate.probabilities[c] /= total;
        }
        return estimate;
    }

    private static void feed(KeyedTwoInputStreamOperatorTestHarness<Integer, DensityScore, DensityEstimate,
            DensitySummary> h, int from, int to, List<DensityEstimate> estimates) throws Exception {
        for (int i = from; i < to; i++) {
            h.processElement1(new StreamRecord<>(score(i), i));
            if (i % 100 == 99) {
                h.processElement2(new StreamRecord<>(estimates.get(i / 100), i));
            }
        }
    }

    private static DensitySummary summary(
            KeyedTwoInputStreamOperatorTestHarness<Integer, DensityScore, DensityEstimate, DensitySummary> h)
            throws Exception {
        h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
        List<DensitySummary> out = new ArrayList<>();
        for (Object record : h.getOutput()) {
            if (record instanceof StreamRecord) {
                out.add((DensitySummary) ((StreamRecord<?>) record).getValue());
            }
        }
        assertEquals(1, out.size());
        return out.get(0);
    }

    @Test
    void summaryIsExactAfterRestoreFromAMidStreamSnapshot() throws Exception {
        int n = 1000;
        SplittableRandom random = new SplittableRandom(3);
        List<DensityEstimate> estimates = new ArrayList<>();
        for (int e = 0; e < n / 100; e++) {
            estimates.add(estimate(e * 100 + 99, random));
        }
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            feed(h, 0, 430, estimates);
            snapshot = h.snapshot(1, 430);
        }
        DensitySummary restored;
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            feed(h, 430, n, estimates);
            restored = summary(h);
        }

        // Brute force over the whole stream.
        long scored = 0;
        long accepted = 0;
        double logDensitySum = 0;
        long windowSum = 0;
        List<Long> drifts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            DensityScore s = score(i);
            if (s.added) {
                accepted++;
                windowSum += s.window;
                scored++;
                logDensitySum += s.logDensity;
            }
            if (s.drift) {
                drifts.add((long) i);
            }
        }
        double tvSum = 0;
        for (DensityEstimate e : estimates) {
            tvSum += MixtureCellMasses.totalVariation(e.probabilities, TRUTH.cellMasses(e.id));
        }
        assertEquals(n, restored.elements);
        assertEquals(accepted, restored.accepted);
        assertEquals(scored, restored.scored);
        assertEquals(logDensitySum / scored, restored.meanLogDensity, 1e-12);
        assertEquals((double) windowSum / accepted, restored.meanWindow, 1e-12);
        assertEquals(drifts.size(), restored.driftEvents);
        assertArrayEquals(drifts.stream().mapToLong(Long::longValue).toArray(), restored.driftEventIds);
        assertEquals(estimates.size(), restored.estimates);
        assertEquals(tvSum / estimates.size(), restored.meanTotalVariation, 1e-12);
        assertEquals(TRUTH.totalVariationErrorBound(), restored.truthErrorBound, 0.0);
    }
}
