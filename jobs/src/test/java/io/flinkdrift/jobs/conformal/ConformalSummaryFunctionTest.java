package io.flinkdrift.jobs.conformal;

import io.flinkdrift.jobs.testing.SummaryReplay;
import io.flinkdrift.jobs.testing.SummaryReplay.Event;
import io.flinkdrift.operators.conformal.ConformalPrediction;
import org.apache.flink.runtime.state.StateBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link ConformalSummaryFunction} merging the partials of parallel {@link ConformalAccumulator}s: a run restored from a mid-stream snapshot
 * ends with the same summary as an uninterrupted one, and that summary matches brute-force means over
 * the elements after the warm-up.
 */
class ConformalSummaryFunctionTest {

    private static final int N = 1000;
    private static final long WARM_UP = 40;
    /** Ids between an answer and its late label. */
    private static final int DELAY = 9;

    private static final SummaryReplay<ConformalPrediction, ConformalPrediction, ConformalPartial,
            ConformalSummary> REPLAY = new SummaryReplay<>(() -> new ConformalAccumulator(WARM_UP, true, 100, 1000),
                    () -> new ConformalAccumulator(WARM_UP, false, 100, 1000), () -> new ConformalSummaryFunction(100),
                    ConformalSummaryFunction.ACCUMULATOR, DELAY, ConformalSummaryFunctionTest::assertSameSummary);

    /**
     * Answer {@code id} on one of two keys (stream index id / 2): ids 0 mod 3 carry their loss, 1 mod
     * 3 get it later, 2 mod 3 never; every 50th labelled one has no loss (invalid truth), every 13th
     * is infeasible.
     */
    private static ConformalPrediction answer(int id, boolean withLoss) {
        SplittableRandom random = new SplittableRandom(id);
        ConformalPrediction a = new ConformalPrediction();
        a.id = id;
        a.key = id % 2 == 0 ? "a" : "b";
        a.timestamp = id;
        a.streamIndex = id / 2;
        a.lambda = random.nextDouble();
        a.size = 2 * a.lambda;
        a.lower = -a.lambda;
        a.upper = a.lambda;
        a.infeasible = id % 13 == 0;
        a.loss = withLoss && id % 50 != 0 ? random.nextDouble() : Double.NaN;
        return a;
    }

    private static List<Event<ConformalPrediction, ConformalPrediction>> stream() {
        List<Event<ConformalPrediction, ConformalPrediction>> events = new ArrayList<>();
        for (int i = 0; i < N + DELAY; i++) {
            if (i < N) {
                events.add(Event.first(answer(i, i % 3 == 0), i));
            }
            int late = i - DELAY;
            if (late >= 0 && late < N && late % 3 == 1) {
                events.add(Event.second(answer(late, true), i));
            }
        }
        return events;
    }

    private static void assertSameSummary(ConformalSummary expected, ConformalSummary actual) {
        assertEquals(expected.records, actual.records);
        assertEquals(expected.evaluated, actual.evaluated);
        assertEquals(expected.labelled, actual.labelled);
        assertEquals(expected.infeasible, actual.infeasible);
        // sums of partials flushed at other points may differ in the last bits
        assertEquals(expected.lossSum, actual.lossSum, 1e-12 * expected.lossSum);
        assertEquals(expected.sizeSum, actual.sizeSum, 1e-12 * expected.sizeSum);
        assertEquals(expected.lambdaSum, actual.lambdaSum, 1e-12 * expected.lambdaSum);
        assertEquals(expected.meanLoss, actual.meanLoss, 1e-12 * expected.meanLoss);
        assertEquals(expected.meanSize, actual.meanSize, 1e-12 * expected.meanSize);
        assertEquals(expected.meanLambda, actual.meanLambda, 1e-12 * expected.meanLambda);
    }

    @ParameterizedTest
    @MethodSource("io.flinkdrift.jobs.testing.SummaryReplay#backends")
    void summaryAfterRestoreEqualsTheUninterruptedRunsAndTheBruteForceOne(StateBackend backend)
            throws Exception {
        List<Event<ConformalPrediction, ConformalPrediction>> events = stream();
        ConformalSummary uninterrupted = REPLAY.uninterruptedAndRestored(events, backend, 1, 61, 700, events.size() - 1);

        long evaluated = 0;
        long labelled = 0;
        long infeasible = 0;
        double lossSum = 0;
        double sizeSum = 0;
        double lambdaSum = 0;
        for (Event<ConformalPrediction, ConformalPrediction> event : events) {
            ConformalPrediction a = event.first() != null ? event.first() : event.second();
            if (a.streamIndex < WARM_UP) {
                continue;
            }
            if (event.first() != null) {
                evaluated++;
                sizeSum += a.size;
                lambdaSum += a.lambda;
                infeasible += a.infeasible ? 1 : 0;
            }
            if (!Double.isNaN(a.loss)) {
                labelled++;
                lossSum += a.loss;
            }
        }
        assertEquals(N, uninterrupted.records);
        assertEquals(N - 2 * WARM_UP, evaluated); // two keys, each with its own warm-up
        assertEquals(evaluated, uninterrupted.evaluated);
        assertEquals(labelled, uninterrupted.labelled);
        assertEquals(infeasible, uninterrupted.infeasible);
        assertEquals(lossSum / labelled, uninterrupted.meanLoss, 1e-12);
        assertEquals(sizeSum / evaluated, uninterrupted.meanSize, 1e-12);
        assertEquals(lambdaSum / evaluated, uninterrupted.meanLambda, 1e-12);
    }
}
