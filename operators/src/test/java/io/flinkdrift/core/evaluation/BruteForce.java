package io.flinkdrift.core.evaluation;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Metric definitions computed the slow, obvious way, as references for the incremental classes. */
final class BruteForce {

    /** 1e-12 relative, or absolute for values below 1 in magnitude (kappa crosses 0). */
    static final double TOLERANCE = 1e-12;

    private BruteForce() {}

    record Labelled(int trueClass, int predictedClass, double[] probabilities) {}

    record Regressed(double truth, double predicted) {}

    /** Weighted classification metrics: {count, accuracy, kappa, logLoss, brier}. */
    static double[] classification(List<Labelled> records, double[] weights) {
        int classes = 0;
        for (Labelled r : records) {
            classes = Math.max(classes, Math.max(r.trueClass + 1, r.predictedClass + 1));
            classes = Math.max(classes, r.probabilities.length);
        }
        // confusion[true][predicted], the last column is "no prediction"
        double[][] confusion = new double[classes][classes + 1];
        double n = 0;
        double logLoss = 0;
        double brier = 0;
        for (int i = 0; i < records.size(); i++) {
            Labelled r = records.get(i);
            double w = weights[i];
            n += w;
            confusion[r.trueClass][r.predictedClass < 0 ? classes : r.predictedClass] += w;
            double pTrue = r.trueClass < r.probabilities.length ? finite(r.probabilities[r.trueClass]) : 0;
            logLoss += w * -Math.log(Math.min(1, Math.max(1e-15, pTrue)));
            double squares = 0;
            for (int k = 0; k < classes; k++) {
                double p = k < r.probabilities.length ? finite(r.probabilities[k]) : 0;
                double target = k == r.trueClass ? 1 : 0;
                squares += (p - target) * (p - target);
            }
            brier += w * squares;
        }
        double agree = 0;
        double chance = 0;
        for (int k = 0; k < classes; k++) {
            agree += confusion[k][k];
            double row = 0;
            double column = 0;
            for (int j = 0; j < classes; j++) {
                column += confusion[j][k];
            }
            for (int j = 0; j <= classes; j++) {
                row += confusion[k][j];
            }
            chance += (row / n) * (column / n);
        }
        double p0 = agree / n;
        double kappa = chance == 1 ? 0 : (p0 - chance) / (1 - chance);
        return new double[] {n, p0, kappa, logLoss / n, brier / n};
    }

    private static double finite(double p) {
        return Double.isFinite(p) ? p : 0;
    }

    /** Weighted regression metrics: {count, mae, rmse}. */
    static double[] regression(List<Regressed> records, double[] weights) {
        double n = 0;
        double abs = 0;
        double squares = 0;
        for (int i = 0; i < records.size(); i++) {
            double error = records.get(i).predicted - records.get(i).truth;
            n += weights[i];
            abs += weights[i] * Math.abs(error);
            squares += weights[i] * error * error;
        }
        return new double[] {n, abs / n, Math.sqrt(squares / n)};
    }

    static double[] ones(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        return w;
    }

    /** Weights alpha^(n-1-i) of MOA's fading factor. */
    static double[] faded(int n, double alpha) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = Math.pow(alpha, n - 1 - i);
        }
        return w;
    }

    static double[] of(ClassificationMetrics m) {
        return new double[] {m.count(), m.accuracy(), m.kappa(), m.logLoss(), m.brier()};
    }

    static double[] of(RegressionMetrics m) {
        return new double[] {m.count(), m.mae(), m.rmse()};
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1.0, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= TOLERANCE * scale,
                    what + " component " + i + ": expected " + expected[i] + " got " + actual[i]);
        }
    }

    /**
     * A random classification record: classes 0..maxClasses-1, a prediction of -1 one time in ten,
     * probability arrays of random length (often shorter than the class count) that sometimes hold
     * NaN, and occasional near-zero true-class probabilities that hit the log-loss clip.
     */
    static Labelled randomLabelled(Random random, int maxClasses) {
        int trueClass = random.nextInt(maxClasses);
        int predictedClass = random.nextInt(10) == 0 ? -1 : random.nextInt(maxClasses);
        double[] p = new double[random.nextInt(maxClasses + 1)];
        double sum = 0;
        for (int k = 0; k < p.length; k++) {
            p[k] = random.nextDouble();
            sum += p[k];
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= sum;
        }
        if (p.length > 0 && random.nextInt(20) == 0) {
            p[random.nextInt(p.length)] = Double.NaN;
        }
        if (trueClass < p.length && random.nextInt(15) == 0) {
            p[trueClass] = 1e-18;
        }
        return new Labelled(trueClass, predictedClass, p);
    }

    static Regressed randomRegressed(Random random) {
        double truth = random.nextGaussian() * 10;
        return new Regressed(truth, truth + random.nextGaussian() * (random.nextInt(10) == 0 ? 100 : 1));
    }

    static double[] contribution(Labelled r) {
        return ClassificationMetrics.contribution(r.trueClass, r.predictedClass, r.probabilities);
    }

    static double[] contribution(Regressed r) {
        return RegressionMetrics.contribution(r.truth, r.predicted);
    }
}
