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
        SlidingWindowMetrics<RegressionMetrics> window = new SlidingWindowMetrics<>(new RegressionMetrics(), windowSize);
        for (int i = 0; i < 2000; i++) {
            Regressed r = BruteForce.randomRegressed(random);
            records.add(r);
            window.add(BruteForce.contribution(r));
            List<Regressed> last = records.subList(Math.max(0, records.size() - windowSize), records.size());
            assertClose(BruteForce.regression(last, BruteForce.ones(last.size())), BruteForce.of(window.metrics()),
                    "after " + (i + 1) + " records");
        }
    }

    @Test
    void smallErrorsAfterHugeOnesStayExactThanksToRecomputation() {
        // Errors of 1e8 followed by errors of 1e-3: without recomputation the subtraction of the
        // evicted 1e16 squares would leave the squared-error sum with garbage of order 1.
        int windowSize = 5;
        SlidingWindowMetrics<RegressionMetrics> window = new SlidingWindowMetrics<>(new RegressionMetrics(), windowSize);
        for (int i = 0; i < 1000; i++) {
            window.add(RegressionMetrics.contribution(0.0, 1e8 + i));
        }
        for (int i = 0; i < windowSize; i++) {
            window.add(RegressionMetrics.contribution(0.0, 1e-3));
        }
        assertEquals(1e-3, window.metrics().rmse(), 1e-3 * 1e-12);
        assertEquals(1e-3, window.metrics().mae(), 1e-3 * 1e-12);
    }

    @Test
    void windowOfOneHoldsTheLastRecordOnly() {
        SlidingWindowMetrics<ClassificationMetrics> window = new SlidingWindowMetrics<>(new ClassificationMetrics(), 1);
        window.add(ClassificationMetrics.contribution(0, 0, new double[] {1.0}));
        window.add(ClassificationMetrics.contribution(1, 0, new double[] {1.0}));
        assertEquals(1, window.metrics().count());
        assertEquals(0.0, window.metrics().accuracy());
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> new SlidingWindowMetrics<>(new RegressionMetrics(), 0));
        RegressionMetrics used = new RegressionMetrics();
        used.add(1, 2);
        assertThrows(IllegalArgumentException.class, () -> new SlidingWindowMetrics<>(used, 3));
    }
}
