package io.flinkdrift.jobs.classify;

import io.flinkdrift.core.evaluation.ClassificationMetrics;
import io.flinkdrift.jobs.runtime.RunSummaryFunction;
import io.flinkdrift.jobs.testing.SummaryReplay;
import io.flinkdrift.jobs.testing.SummaryReplay.Event;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Snapshot/restore of {@link ClassificationSummaryFunction} (and its base {@link RunSummaryFunction}):
 * a run restored from a mid-stream snapshot ends with the same summary as an uninterrupted one, and
 * that summary matches a brute-force computation over the labelled predictions.
 */
class ClassificationSummaryFunctionTest {

    private static final int N = 1000;
    private static final int CLASSES = 3;
    private static final long WINDOW_SIZE = 50;
    private static final int MAX_WINDOWS = 5;
    /** Ids between a prediction and its late label. */
    private static final int DELAY = 7;

    private static final SummaryReplay<Prediction, Prediction, ClassificationSummary> REPLAY = new SummaryReplay<>(
            ClassificationSummaryFunctionTest::harness, ClassificationSummaryFunction.ACCUMULATOR, DELAY, ClassificationSummaryFunctionTest::assertSameSummary);

    private static KeyedTwoInputStreamOperatorTestHarness<Integer, Prediction, Prediction,
            ClassificationSummary> harness(StateBackend backend) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new ClassificationSummaryFunction(WINDOW_SIZE, MAX_WINDOWS)),
                (Prediction p) -> RunSummaryFunction.KEY, (Prediction p) -> RunSummaryFunction.KEY, Types.INT);
        h.getExecutionConfig().configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false), ClassLoader.getSystemClassLoader()); // as the jobs run: state must not fall back to Kryo
        h.setStateBackend(backend);
        return h;
    }

    /**
     * Prediction {@code id}: one in three carries its label, one in three gets it later, one in three
     * never; about 60% are correct, and every 97th has no prediction (class -1, no probabilities).
     */
    private static Prediction prediction(int id, boolean withLabel) {
        SplittableRandom random = new SplittableRandom(id);
        int label = random.nextInt(CLASSES);
        Prediction p = new Prediction();
        p.id = id;
        p.timestamp = id;
        p.label = withLabel ? label : Double.NaN;
        if (id % 97 == 0) {
            return p;
        }
        double[] probabilities = new double[CLASSES];
        double total = 0;
        for (int c = 0; c < CLASSES; c++) {
            probabilities[c] = random.nextDouble() + (c == label && random.nextDouble() < 0.6 ? 1.0 : 0.0);
            total += probabilities[c];
        }
        int predicted = 0;
        for (int c = 0; c < CLASSES; c++) {
            probabilities[c] /= total;
            predicted = probabilities[c] > probabilities[predicted] ? c : predicted;
        }
        p.probabilities = probabilities;
        p.prediction = predicted;
        return p;
    }

    private static List<Event<Prediction, Prediction>> stream() {
        List<Event<Prediction, Prediction>> events = new ArrayList<>();
        for (int i = 0; i < N + DELAY; i++) {
            if (i < N) {
                events.add(Event.first(prediction(i, i % 3 == 0), i));
            }
            int late = i - DELAY;
            if (late >= 0 && late < N && late % 3 == 1) {
                events.add(Event.second(prediction(late, true), i));
            }
        }
        return events;
    }

    private static void assertSameSummary(ClassificationSummary expected, ClassificationSummary actual) {
        assertEquals(expected.records, actual.records);
        assertEquals(expected.labelled, actual.labelled);
        assertEquals(expected.accuracy, actual.accuracy);
        assertEquals(expected.kappa, actual.kappa);
        assertEquals(expected.logLoss, actual.logLoss);
        assertEquals(expected.brier, actual.brier);
        assertEquals(expected.windowSize, actual.windowSize);
        assertArrayEquals(expected.windowStarts, actual.windowStarts);
        assertArrayEquals(expected.windowLabelled, actual.windowLabelled);
        assertArrayEquals(expected.windowAccuracy, actual.windowAccuracy);
        assertEquals(expected.droppedWindows, actual.droppedWindows);
    }

    @ParameterizedTest
    @MethodSource("io.flinkdrift.jobs.testing.SummaryReplay#backends")
    void summaryAfterRestoreEqualsTheUninterruptedRunsAndTheBruteForceOne(StateBackend backend)
            throws Exception {
        List<Event<Prediction, Prediction>> events = stream();
        ClassificationSummary uninterrupted = REPLAY.uninterruptedAndRestored(events, backend, 1, 433, events.size() - 3);

        // Brute force over the labelled predictions, in the order they reach the function.
        long count = 0;
        long correct = 0;
        double logLossSum = 0;
        double brierSum = 0;
        double[] trueCounts = new double[CLASSES];
        double[] predictedCounts = new double[CLASSES];
        long maxId = 0;
        int windows = (int) (N / WINDOW_SIZE);
        long[] windowLabelled = new long[windows];
        long[] windowCorrect = new long[windows];
        for (Event<Prediction, Prediction> event : events) {
            Prediction p = event.first() != null ? event.first() : event.second();
            if (!p.labelled()) {
                continue;
            }
            int label = (int) p.label;
            int predicted = Double.isNaN(p.prediction) ? -1 : (int) p.prediction;
            double pTrue = label < p.probabilities.length ? p.probabilities[label] : 0.0;
            double brier = label < p.probabilities.length ? 0.0 : 1.0;
            for (int c = 0; c < p.probabilities.length; c++) {
                double error = p.probabilities[c] - (c == label ? 1.0 : 0.0);
                brier += error * error;
            }
            count++;
            correct += predicted == label ? 1 : 0;
            logLossSum += -Math.log(Math.max(ClassificationMetrics.MIN_PROBABILITY, pTrue));
            brierSum += brier;
            trueCounts[label]++;
            if (predicted >= 0) {
                predictedCounts[predicted]++;
            }
            maxId = Math.max(maxId, p.id);
            int window = (int) (p.id / WINDOW_SIZE);
            windowLabelled[window]++;
            windowCorrect[window] += predicted == label ? 1 : 0;
        }
        double chance = 0;
        for (int c = 0; c < CLASSES; c++) {
            chance += trueCounts[c] * predictedCounts[c];
        }
        assertEquals(N, uninterrupted.records);
        assertEquals(count, uninterrupted.labelled);
        assertEquals(N - N / 3, count); // all but the one in three never labelled
        assertEquals((double) correct / count, uninterrupted.accuracy);
        double kappa = (count * (double) correct - chance) / (count * (double) count - chance);
        assertEquals(kappa, uninterrupted.kappa, 1e-12);
        assertEquals(logLossSum / count, uninterrupted.logLoss, 1e-12);
        assertEquals(brierSum / count, uninterrupted.brier, 1e-12);

        // Labels are at most DELAY ids late, so every window opens on its first label and the last
        // MAX_WINDOWS windows survive with every label of theirs; all earlier ones were dropped.
        int lastWindow = (int) (maxId / WINDOW_SIZE);
        int firstKept = lastWindow - MAX_WINDOWS + 1;
        assertEquals(firstKept, uninterrupted.droppedWindows);
        assertEquals(MAX_WINDOWS, uninterrupted.windowStarts.length);
        for (int w = 0; w < MAX_WINDOWS; w++) {
            int window = firstKept + w;
            assertEquals(window * WINDOW_SIZE, uninterrupted.windowStarts[w]);
            assertEquals(windowLabelled[window], uninterrupted.windowLabelled[w]);
            assertEquals((double) windowCorrect[window] / windowLabelled[window],
                    uninterrupted.windowAccuracy[w]);
        }
    }
}
