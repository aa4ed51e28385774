package io.flinkdrift.jobs.density;

import io.flinkdrift.core.density.GridBinning;
import io.flinkdrift.generators.DriftingGaussianMixtureGenerator;
import io.flinkdrift.generators.StreamSettings;
import io.flinkdrift.jobs.testing.SummaryReplay;
import io.flinkdrift.jobs.testing.SummaryReplay.Event;
import io.flinkdrift.operators.density.DensityEstimate;
import io.flinkdrift.operators.density.DensityScore;
import org.apache.flink.runtime.state.StateBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link DensitySummaryFunction} merging the partials of parallel {@link DensityAccumulators}: a run
 * restored from a mid-stream snapshot ends with the same summary as an uninterrupted one, and that
 * summary matches brute-force counts, means and total-variation errors over the whole stream.
 */
class DensitySummaryFunctionTest {

    private static final GridBinning GRID = new GridBinning(new double[] {-12, -12}, new double[] {12, 12}, 6);
    private static final MixtureCellMasses TRUTH = new MixtureCellMasses(new DriftingGaussianMixtureGenerator(
            StreamSettings.ofSeed(1), 2, 3, 1.0, 5.0, DriftingGaussianMixtureGenerator.Mode.ABRUPT,
            4e-4, 1000, 0.5, 50_000), GRID, 4);

    private static final SummaryReplay<DensityScore, DensityEstimate, DensityPartial, DensitySummary> REPLAY =
            new SummaryReplay<>(() -> new DensityAccumulators.Scores(100, 1000),
                    () -> new DensityAccumulators.Estimates(TRUTH), () -> new DensitySummaryFunction(TRUTH, 100), DensitySummaryFunction.ACCUMULATOR, 0,
                    DensitySummaryFunctionTest::assertSameSummary);
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

    private static List<Event<DensityScore, DensityEstimate>> stream(int n, List<DensityEstimate> estimates) {
        List<Event<DensityScore, DensityEstimate>> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(Event.first(score(i), i));
            if (i % 100 == 99) {
                events.add(Event.second(estimates.get(i / 100), i));
            }
        }
        return events;
    }

    private static void assertSameSummary(DensitySummary expected, DensitySummary actual) {
        assertEquals(expected.elements, actual.elements);
        assertEquals(expected.accepted, actual.accepted);
        assertEquals(expected.scored, actual.scored);
        assertEquals(expected.driftEvents, actual.driftEvents);
        assertArrayEquals(expected.driftEventIds, actual.driftEventIds);
        assertEquals(expected.estimates, actual.estimates);
        assertEquals(expected.meanWindow, actual.meanWindow);
        // sums of partials flushed at other points may differ in the last bits
        assertEquals(expected.meanLogDensity, actual.meanLogDensity, 1e-12 * Math.abs(expected.meanLogDensity));
        assertEquals(expected.meanTotalVariation, actual.meanTotalVariation, 1e-12 * expected.meanTotalVariation);
        assertEquals(expected.truthMassOutsideGrid, actual.truthMassOutsideGrid);
    }

    @ParameterizedTest
    @MethodSource("io.flinkdrift.jobs.testing.SummaryReplay#backends")
    void summaryIsExactAfterRestoreFromAMidStreamSnapshot(StateBackend backend) throws Exception {
        int n = 1000;
        SplittableRandom random = new SplittableRandom(3);
        List<DensityEstimate> estimates = new ArrayList<>();
        for (int e = 0; e < n / 100; e++) {
            estimates.add(estimate(e * 100 + 99, random));
        }
        DensitySummary restored = REPLAY.uninterruptedAndRestored(stream(n, estimates), backend, 430, 777);

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
