package io.flinkdrift.jobs.regress;

import io.flinkdrift.jobs.runtime.RunSummaryFunction;
import io.flinkdrift.jobs.testing.SummaryReplay;
import io.flinkdrift.jobs.testing.SummaryReplay.Event;
import io.flinkdrift.records.Prediction;
import org.apache.flink.runtime.state.StateBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RegressionSummaryFunction} merging the partials of parallel {@link RegressionAccumulator}s
 * (and its base {@link RunSummaryFunction}): a run restored from a mid-stream snapshot ends with the
 * same summary as an uninterrupted one, and that summary is the brute-force MAE and RMSE of the
 * labelled finite predictions.
 */
class RegressionSummaryFunctionTest {

    private static final int N = 1000;
    /** Ids between a prediction and its late label. */
    private static final int DELAY = 11;

    private static final SummaryReplay<Prediction, Prediction, RegressionPartial, RegressionSummary> REPLAY =
            new SummaryReplay<>(() -> new RegressionAccumulator(100, 1000, true),
                    () -> new RegressionAccumulator(100, 1000, false),
                    () -> new RegressionSummaryFunction(100, 1000), RegressionSummaryFunction.ACCUMULATOR, DELAY,
                    RegressionSummaryFunctionTest::assertSameSummary);

    /**
     * Prediction {@code id}: ids 0 mod 4 carry their label, 1 and 2 mod 4 get it later, 3 mod 4
     * never; every 37th prediction is not finite (NaN or infinite).
     */
    private static Prediction prediction(int id, boolean withLabel) {
        SplittableRandom random = new SplittableRandom(id);
        double label = 10 * random.nextDouble() - 5;
        Prediction p = new Prediction();
        p.id = id;
        p.timestamp = id;
        p.label = withLabel ? label : Double.NaN;
        if (id % 37 == 0) {
            p.prediction = id % 2 == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
        } else {
            p.prediction = label + random.nextGaussian();
        }
        return p;
    }

    private static List<Event<Prediction, Prediction>> stream() {
        List<Event<Prediction, Prediction>> events = new ArrayList<>();
        for (int i = 0; i < N + DELAY; i++) {
            if (i < N) {
                events.add(Event.first(prediction(i, i % 4 == 0), i));
            }
            int late = i - DELAY;
            if (late >= 0 && late < N && (late % 4 == 1 || late % 4 == 2)) {
                events.add(Event.second(prediction(late, true), i));
            }
        }
        return events;
    }

    private static void assertSameSummary(RegressionSummary expected, RegressionSummary actual) {
        assertEquals(expected.records, actual.records);
        assertEquals(expected.labelled, actual.labelled);
        assertEquals(expected.nonFinitePredictions, actual.nonFinitePredictions);
        // sums of partials flushed at other points may differ in the last bits
        assertEquals(expected.mae, actual.mae, 1e-12 * expected.mae);
        assertEquals(expected.rmse, actual.rmse, 1e-12 * expected.rmse);
    }

    @ParameterizedTest
    @MethodSource("io.flinkdrift.jobs.testing.SummaryReplay#backends")
    void summaryAfterRestoreEqualsTheUninterruptedRunsAndTheBruteForceOne(StateBackend backend)
            throws Exception {
        List<Event<Prediction, Prediction>> events = stream();
        RegressionSummary uninterrupted = REPLAY.uninterruptedAndRestored(events, backend, 1, 517, events.size() - 2);

        long labelled = 0;
        long nonFinite = 0;
        double absoluteSum = 0;
        double squaredSum = 0;
        for (Event<Prediction, Prediction> event : events) {
            Prediction p = event.first() != null ? event.first() : event.second();
            if (!p.labelled()) {
                continue;
            }
            if (!Double.isFinite(p.prediction)) {
                nonFinite++;
                continue;
            }
            double error = p.prediction - p.label;
            labelled++;
            absoluteSum += Math.abs(error);
            squaredSum += error * error;
        }
        assertEquals(N, uninterrupted.records);
        assertEquals(labelled, uninterrupted.labelled);
        assertEquals(nonFinite, uninterrupted.nonFinitePredictions);
        assertTrue(nonFinite > 0 && labelled + nonFinite == 3 * N / 4, "three in four get a label");
        assertEquals(absoluteSum / labelled, uninterrupted.mae, 1e-12);
        assertEquals(Math.sqrt(squaredSum / labelled), uninterrupted.rmse, 1e-12);
    }
}
