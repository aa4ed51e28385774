package io.flinkdrift.core.evaluation;

import io.flinkdrift.core.evaluation.BruteForce.Labelled;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.flinkdrift.core.evaluation.BruteForce.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassificationMetricsTest {

    @Test
    void everyMetricMatchesBruteForceAfterEveryRecord() {
        Random random = new Random(11);
        List<Labelled> records = new ArrayList<>();
        ClassificationMetrics metrics = new ClassificationMetrics();
        for (int i = 0; i < 400; i++) {
            // the class count grows during the stream
            Labelled r = BruteForce.randomLabelled(random, 2 + i / 100);
            records.add(r);
            metrics.add(r.trueClass(), r.predictedClass(), r.probabilities());
            assertClose(BruteForce.classification(records, BruteForce.ones(records.size())),
                    BruteForce.of(metrics), "after " + (i + 1) + " records");
        }
    }

    @Test
    void mergeOfTwoHalvesEqualsTheWhole() {
        Random random = new Random(12);
        ClassificationMetrics whole = new ClassificationMetrics();
        ClassificationMetrics first = new ClassificationMetrics();
        ClassificationMetrics second = new ClassificationMetrics();
        for (int i = 0; i < 1000; i++) {
            // the second half sees more classes than the first, so the merge must grow the counts
            Labelled r = BruteForce.randomLabelled(random, i < 500 ? 3 : 6);
            whole.add(r.trueClass(), r.predictedClass(), r.probabilities());
            (i < 500 ? first : second).add(r.trueClass(), r.predictedClass(), r.probabilities());
        }
        first.merge(second);
        assertClose(BruteForce.of(whole), BruteForce.of(first), "merged");
        assertEquals(1000, first.count());
        assertEquals(6, first.numClasses());
    }

    @Test
    void kappaOfTheTextbookTwoRaterExample() {
        // Cohen's kappa example (Wikipedia): 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no;
        // p0 = 0.7, pe = 0.5 * 0.6 + 0.5 * 0.4 = 0.5, kappa = 0.4.
        ClassificationMetrics metrics = new ClassificationMetrics();
        addTimes(metrics, 20, 0, 0);
        addTimes(metrics, 5, 0, 1);
        addTimes(metrics, 10, 1, 0);
        addTimes(metrics, 15, 1, 1);
        assertEquals(0.7, metrics.accuracy(), 1e-15);
        assertEquals(0.4, metrics.kappa(), 1e-15);
    }

    @Test
    void kappaOfPerfectAndOfChanceOnlyAgreement() {
        ClassificationMetrics perfect = new ClassificationMetrics();
        addTimes(perfect, 3, 0, 0);
        addTimes(perfect, 4, 2, 2);
        assertEquals(1.0, perfect.kappa(), 1e-15);

        ClassificationMetrics singleClass = new ClassificationMetrics();
        addTimes(singleClass, 5, 1, 1);
        assertEquals(0.0, singleClass.kappa(), "pe = 1 gives kappa 0, as River");

        // a predictor that always says 0 on a balanced stream agrees only by chance
        ClassificationMetrics constant = new ClassificationMetrics();
        addTimes(constant, 5, 0, 0);
        addTimes(constant, 5, 1, 0);
        assertEquals(0.0, constant.kappa(), 1e-15);
    }

    @Test
    void logLossAndBrierOfHandComputedRecords() {
        ClassificationMetrics metrics = new ClassificationMetrics();
        // true class 2 lies beyond the probabilities: p = 0, clipped to 1e-15; Brier 0.49 + 0.04 + 1
        metrics.add(2, 0, new double[] {0.7, 0.2});
        assertEquals(-Math.log(1e-15), metrics.logLoss(), 1e-12);
        assertEquals(1.53, metrics.brier(), 1e-15);
        // p_true = 0.8: -ln 0.8; Brier 0.2^2 + 0.2^2
        metrics.add(1, 1, new double[] {0.2, 0.8});
        assertEquals((-Math.log(1e-15) - Math.log(0.8)) / 2, metrics.logLoss(), 1e-12);
        assertEquals((1.53 + 0.08) / 2, metrics.brier(), 1e-15);
        assertEquals(0.5, metrics.accuracy());
    }

    @Test
    void emptyMetricsAreNaN() {
        ClassificationMetrics metrics = new ClassificationMetrics();
        assertEquals(0, metrics.count());
        assertTrue(Double.isNaN(metrics.accuracy()));
        assertTrue(Double.isNaN(metrics.kappa()));
        assertTrue(Double.isNaN(metrics.logLoss()));
        assertTrue(Double.isNaN(metrics.brier()));
    }

    @Test
    void rejectsOutOfRangeClassesWithoutChangingState() {
        ClassificationMetrics metrics = new ClassificationMetrics();
        assertThrows(IllegalArgumentException.class, () -> metrics.add(-1, 0, new double[0]));
        assertThrows(IllegalArgumentException.class, () -> metrics.add(0, -2, new double[0]));
        assertThrows(IllegalArgumentException.class,
                () -> metrics.add(ClassificationMetrics.MAX_CLASS_INDEX + 1, 0, new double[0]));
        assertEquals(0, metrics.count());
    }

    @Test
    void javaSerializationKeepsTheSums() throws Exception {
        Random random = new Random(13);
        ClassificationMetrics metrics = new ClassificationMetrics();
        for (int i = 0; i < 50; i++) {
            Labelled r = BruteForce.randomLabelled(random, 4);
            metrics.add(r.trueClass(), r.predictedClass(), r.probabilities());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(metrics);
        }
        ClassificationMetrics copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (ClassificationMetrics) in.readObject();
        }
        assertArrayEquals(BruteForce.of(metrics), BruteForce.of(copy));
    }

    private static void addTimes(ClassificationMetrics metrics, int times, int trueClass,
            int predictedClass) {
        for (int i = 0; i < times; i++) {
            metrics.add(trueClass, predictedClass, new double[0]);
        }
    }
}
