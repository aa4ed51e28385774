package io.flinkdrift.core.evaluation;

import io.flinkdrift.core.evaluation.BruteForce.Labelled;
import io.flinkdrift.core.evaluation.BruteForce.Regressed;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.flinkdrift.core.evaluation.BruteForce.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SlidingWindowMetricsTest {

    @Test
    void classificationWindowMatchesBruteForceOverTheLastW() {
        Random random = new Random(31);
        int windowSize = 37;
        List<Labelled> records = new ArrayList<>();
        SlidingWindowMetrics<ClassificationMetrics> window =
                new SlidingWindowMetrics<>(new ClassificationMetrics(), windowSize);
        for (int i = 0; i < 1500; i++) {
            Labelled r = BruteForce.randomLabelled(random, 2 + i / 300);
            records.add(r);
            window.add(BruteForce.contribution(r));
            List<Labelled> last = records.subList(Math.max(0, records.size() - windowSize), records.size());
            assertClose(BruteForce.classification(last, BruteForce.ones(last.size())),
                    BruteForce.of(window.metrics()), "after " + (i + 1) + " records");
            assertEquals(last.size(), window.size());
        }
    }

    @Test
    void regressionWindowMatchesBruteForceOverTheLastW() {
        Random random = new Random(32);
        int windowSize = 10;
        List<Regressed> records = new ArrayList<>();
        SlidingWindowMetrics<RegressionMetrics> window =
                new SlidingWindowMetrics<>(new RegressionMetrics(), windowSize);
        for (int i = 0; i < 2000; i++) {
            Regressed r = BruteForce.randomRegressed(random);
            records.add(r);
            window.add(BruteForce.contribution(r));
            List<Regressed> last = records.subList(Math.max(0, records.size() - windowSize), records.size());
            assertClose(BruteForce.regression(last, BruteForce.ones(last.size())),
                    BruteForce.of(window.metrics()), "after " + (i + 1) + " records");
        }
    }

    @Test
    void hugeEvictedErrorsLeaveNoTraceOnceRecomputed() {
        // Errors of 1e8 followed by errors of 1e-3: subtracting the evicted 1e16 squares alone would
        // leave garbage of order 1 in the squared-error sum. The recomputation every W evictions
        // bounds the error by rounding of the records of the last 2W, whatever the alignment.
        int windowSize = 5;
        for (int huge = 1000; huge < 1000 + windowSize; huge++) {
            SlidingWindowMetrics<RegressionMetrics> window =
                    new SlidingWindowMetrics<>(new RegressionMetrics(), windowSize);
            for (int i = 0; i < huge; i++) {
                window.add(RegressionMetrics.contribution(0.0, 1e8 + i));
            }
            for (int i = 0; i < 2 * windowSize; i++) {
                window.add(RegressionMetrics.contribution(0.0, 1e-3));
            }
            assertEquals(1e-3, window.metrics().rmse(), 1e-3 * 1e-12, "after " + huge + " huge errors");
            assertEquals(1e-3, window.metrics().mae(), 1e-3 * 1e-12, "after " + huge + " huge errors");
        }
    }

    @Test
    void windowOfOneHoldsTheLastRecordOnly() {
        SlidingWindowMetrics<ClassificationMetrics> window =
                new SlidingWindowMetrics<>(new ClassificationMetrics(), 1);
        window.add(ClassificationMetrics.contribution(0, 0, new double[] {1.0}));
        window.add(ClassificationMetrics.contribution(1, 0, new double[] {1.0}));
        assertEquals(1, window.metrics().count());
        assertEquals(0.0, window.metrics().accuracy());
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> new SlidingWindowMetrics<>(new RegressionMetrics(), 0));
        RegressionMetrics used = new RegressionMetrics();
        used.add(1, 2);
        assertThrows(IllegalArgumentException.class, () -> new SlidingWindowMetrics<>(used, 3));
    }
}
