package io.flinkdrift.core.evaluation;

import io.flinkdrift.core.evaluation.BruteForce.Labelled;
import io.flinkdrift.core.evaluation.BruteForce.Regressed;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.flinkdrift.core.evaluation.BruteForce.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FadingMetricsTest {

    @Test
    void classificationMatchesBruteForceWeightedSums() {
        Random random = new Random(41);
        double alpha = 0.97;
        List<Labelled> records = new ArrayList<>();
        FadingMetrics<ClassificationMetrics> fading = new FadingMetrics<>(new ClassificationMetrics(), alpha);
        for (int i = 0; i < 600; i++) {
            Labelled r = BruteForce.randomLabelled(random, 2 + i / 150);
            records.add(r);
            fading.add(BruteForce.contribution(r));
            assertClose(BruteForce.classification(records, BruteForce.faded(records.size(), alpha)),
                    BruteForce.of(fading.metrics()), "after " + (i + 1) + " records");
        }
    }

    @Test
    void regressionMatchesBruteForceWeightedSums() {
        Random random = new Random(42);
        double alpha = 0.9;
        List<Regressed> records = new ArrayList<>();
        FadingMetrics<RegressionMetrics> fading = new FadingMetrics<>(new RegressionMetrics(), alpha);
        for (int i = 0; i < 600; i++) {
            Regressed r = BruteForce.randomRegressed(random);
            records.add(r);
            fading.add(BruteForce.contribution(r));
            assertClose(BruteForce.regression(records, BruteForce.faded(records.size(), alpha)),
                    BruteForce.of(fading.metrics()), "after " + (i + 1) + " records");
        }
    }

    @Test
    void factorOneIsTheCumulativeMetrics() {
        Random random = new Random(43);
        FadingMetrics<ClassificationMetrics> fading = new FadingMetrics<>(new ClassificationMetrics(), 1.0);
        ClassificationMetrics cumulative = new ClassificationMetrics();
        for (int i = 0; i < 200; i++) {
            Labelled r = BruteForce.randomLabelled(random, 4);
            fading.add(BruteForce.contribution(r));
            cumulative.add(r.trueClass(), r.predictedClass(), r.probabilities());
        }
        assertArrayEquals(BruteForce.of(cumulative), BruteForce.of(fading.metrics()));
    }

    @Test
    void rejectsFactorsOutsideTheUnitInterval() {
        for (double alpha : new double[] {0.0, -0.5, 1.0000001, Double.NaN}) {
            assertThrows(IllegalArgumentException.class,
                    () -> new FadingMetrics<>(new RegressionMetrics(), alpha));
        }
    }
}
