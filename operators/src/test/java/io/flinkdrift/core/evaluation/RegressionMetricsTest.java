package io.flinkdrift.core.evaluation;

import io.flinkdrift.core.evaluation.BruteForce.Regressed;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.flinkdrift.core.evaluation.BruteForce.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegressionMetricsTest {

    @Test
    void maeAndRmseMatchBruteForceAfterEveryRecord() {
        Random random = new Random(21);
        List<Regressed> records = new ArrayList<>();
        RegressionMetrics metrics = new RegressionMetrics();
        for (int i = 0; i < 500; i++) {
            Regressed r = BruteForce.randomRegressed(random);
            records.add(r);
            metrics.add(r.truth(), r.predicted());
            assertClose(BruteForce.regression(records, BruteForce.ones(records.size())),
                    BruteForce.of(metrics), "after " + (i + 1) + " records");
        }
    }

    @Test
    void mergeOfTwoHalvesEqualsTheWhole() {
        Random random = new Random(22);
        RegressionMetrics whole = new RegressionMetrics();
        RegressionMetrics first = new RegressionMetrics();
        RegressionMetrics second = new RegressionMetrics();
        for (int i = 0; i < 1000; i++) {
            Regressed r = BruteForce.randomRegressed(random);
            whole.add(r.truth(), r.predicted());
            (i % 3 == 0 ? first : second).add(r.truth(), r.predicted());
        }
        first.merge(second);
        assertClose(BruteForce.of(whole), BruteForce.of(first), "merged");
    }

    @Test
    void handComputedValues() {
        RegressionMetrics metrics = new RegressionMetrics();
        metrics.add(1.0, 4.0);
        metrics.add(2.0, -2.0);
        assertEquals(3.5, metrics.mae(), 1e-15);
        assertEquals(Math.sqrt(12.5), metrics.rmse(), 1e-15);
    }

    @Test
    void rejectsNonFiniteValuesAndIsNaNWhenEmpty() {
        RegressionMetrics metrics = new RegressionMetrics();
        assertThrows(IllegalArgumentException.class, () -> metrics.add(Double.NaN, 1.0));
        assertThrows(IllegalArgumentException.class, () -> metrics.add(1.0, Double.POSITIVE_INFINITY));
        assertEquals(0, metrics.count());
        assertTrue(Double.isNaN(metrics.mae()));
        assertTrue(Double.isNaN(metrics.rmse()));
    }
}
