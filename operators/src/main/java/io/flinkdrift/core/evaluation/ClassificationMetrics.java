package io.flinkdrift.core.evaluation;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Prequential classification metrics (accuracy, Cohen's kappa, log-loss, Brier score) kept as
 * additive sums, so partial results from parallel subtasks {@link #merge merge} exactly (the same
 * vocabulary as River's {@code metrics} and MOA's {@code BasicClassificationPerformanceEvaluator}).
 *
 * <p>Classes are indices {@code 0..K-1} and K grows with the largest index seen, so a stream need
 * not declare its classes. A predicted class of {@code -1} means "no prediction yet": the record
 * counts as wrong and falls in a "none" column of the confusion matrix that matches no true class.
 * {@code probabilities[k]} is the probability of class k; classes beyond the array have probability
 * 0 and non-finite entries are read as 0.
 *
 * <ul>
 *   <li>{@link #accuracy()}: fraction of records with predicted class == true class.
 *   <li>{@link #kappa()}: Cohen (1960), &kappa; = (p<sub>0</sub> &minus; p<sub>e</sub>) / (1 &minus;
 *       p<sub>e</sub>) from the confusion matrix, with p<sub>e</sub> = &Sigma;<sub>k</sub>
 *       (row<sub>k</sub>/N)(column<sub>k</sub>/N); 0 when p<sub>e</sub> = 1 (as River).
 *   <li>{@link #logLoss()}: mean of &minus;ln p<sub>true</sub> with p clipped to [{@value
 *       #MIN_PROBABILITY}, 1].
 *   <li>{@link #brier()}: Brier (1950), mean over records of &Sigma;<sub>k</sub> (p<sub>k</sub>
 *       &minus; 1[k = y])<sup>2</sup> over all classes (classes absent from the array add 0, or 1
 *       for the true class).
 * </ul>
 *
 * <p>Every metric is {@code NaN} while {@link #count()} is 0. Sums are weighted (see {@link
 * AdditiveMetrics}); with the cumulative use through {@link #add(int, int, double[])} every weight
 * is 1. Memory is O(K). Not thread-safe.
 */
public final class ClassificationMetrics implements AdditiveMetrics<ClassificationMetrics>, Serializable {

    private static final long serialVersionUID = 1L;

    /** Lower clip of the true-class probability in the log-loss (scikit-learn and River use 1e-15). */
    public static final double MIN_PROBABILITY = 1e-15;

    /** Largest accepted class index; bounds the confusion counts kept per class. */
    public static final int MAX_CLASS_INDEX = (1 << 16) - 1;

    /** Width of a {@link #contribution} row: true class, predicted class, log-loss, Brier term. */
    public static final int CONTRIBUTION_WIDTH = 4;

    private double count;
    private double correct;
    private double logLossSum;
    private double brierSum;
    /** Row sums of the confusion matrix, indexed by true class. */
    private double[] trueClassCounts = new double[0];
    /** Column sums of the confusion matrix, indexed by predicted class ("none" is not kept). */
    private double[] predictedClassCounts = new double[0];

    /** Empty metrics. */
    public ClassificationMetrics() {}

    ClassificationMetrics(double count, double correct, double logLossSum, double brierSum,
            double[] trueClassCounts, double[] predictedClassCounts) {
        this.count = count;
        this.correct = correct;
        this.logLossSum = logLossSum;
        this.brierSum = brierSum;
        this.trueClassCounts = trueClassCounts;
        this.predictedClassCounts = predictedClassCounts;
    }

    /**
     * The contribution row of one labelled prediction.
     *
     * @param trueClass the true class, in {@code [0, MAX_CLASS_INDEX]}
     * @param predictedClass the predicted class in {@code [0, MAX_CLASS_INDEX]}, or -1 for none
     * @param probabilities the predicted probability of each class (may be shorter than K or empty)
     * @throws IllegalArgumentException if a class index is out of range
     */
    public static double[] contribution(int trueClass, int predictedClass, double[] probabilities) {
        if (trueClass < 0 || trueClass > MAX_CLASS_INDEX) {
            throw new IllegalArgumentException(
                    "trueClass must be in [0, " + MAX_CLASS_INDEX + "], got " + trueClass);
        }
        if (predictedClass < -1 || predictedClass > MAX_CLASS_INDEX) {
            throw new IllegalArgumentException(
                    "predictedClass must be -1 or in [0, " + MAX_CLASS_INDEX + "], got " + predictedClass);
        }
        double brier = trueClass < probabilities.length ? 0.0 : 1.0;
        for (int k = 0; k < probabilities.length; k++) {
            double error = probability(probabilities, k) - (k == trueClass ? 1.0 : 0.0);
            brier += error * error;
        }
        double pTrue = Math.max(MIN_PROBABILITY, Math.min(1.0, probability(probabilities, trueClass)));
        return new double[] {trueClass, predictedClass, -Math.log(pTrue), brier};
    }

    private static double probability(double[] probabilities, int k) {
        if (k >= probabilities.length) {
            return 0.0;
        }
        double p = probabilities[k];
        return Double.isFinite(p) ? p : 0.0;
    }

    /**
     * Adds one labelled prediction with weight 1.
     *
     * @throws IllegalArgumentException as {@link #contribution}
     */
    public void add(int trueClass, int predictedClass, double[] probabilities) {
        add(contribution(trueClass, predictedClass, probabilities), 0, 1.0);
    }

    @Override
    public int contributionWidth() {
        return CONTRIBUTION_WIDTH;
    }

    @Override
    public void add(double[] contribution, int offset, double weight) {
        int trueClass = (int) contribution[offset];
        int predictedClass = (int) contribution[offset + 1];
        count += weight;
        if (trueClass == predictedClass) {
            correct += weight;
        }
        logLossSum += weight * contribution[offset + 2];
        brierSum += weight * contribution[offset + 3];
        trueClassCounts = grown(trueClassCounts, trueClass + 1);
        trueClassCounts[trueClass] += weight;
        if (predictedClass >= 0) {
            predictedClassCounts = grown(predictedClassCounts, predictedClass + 1);
            predictedClassCounts[predictedClass] += weight;
        }
    }

    @Override
    public void scale(double factor) {
        count *= factor;
        correct *= factor;
        logLossSum *= factor;
        brierSum *= factor;
        for (int k = 0; k < trueClassCounts.length; k++) {
            trueClassCounts[k] *= factor;
        }
        for (int k = 0; k < predictedClassCounts.length; k++) {
            predictedClassCounts[k] *= factor;
        }
    }

    @Override
    public void merge(ClassificationMetrics other) {
        count += other.count;
        correct += other.correct;
        logLossSum += other.logLossSum;
        brierSum += other.brierSum;
        trueClassCounts = grown(trueClassCounts, other.trueClassCounts.length);
        for (int k = 0; k < other.trueClassCounts.length; k++) {
            trueClassCounts[k] += other.trueClassCounts[k];
        }
        predictedClassCounts = grown(predictedClassCounts, other.predictedClassCounts.length);
        for (int k = 0; k < other.predictedClassCounts.length; k++) {
            predictedClassCounts[k] += other.predictedClassCounts[k];
        }
    }

    @Override
    public void clear() {
        count = 0;
        correct = 0;
        logLossSum = 0;
        brierSum = 0;
        Arrays.fill(trueClassCounts, 0.0);
        Arrays.fill(predictedClassCounts, 0.0);
    }

    @Override
    public ClassificationMetrics newEmpty() {
        return new ClassificationMetrics();
    }

    private static double[] grown(double[] counts, int length) {
        return counts.length >= length ? counts : Arrays.copyOf(counts, length);
    }

    @Override
    public double count() {
        return count;
    }

    /** Fraction of correct predictions; NaN when empty. */
    public double accuracy() {
        return correct / count;
    }

    /** Cohen's kappa of the confusion matrix; NaN when empty, 0 when chance agreement is 1. */
    public double kappa() {
        if (count == 0) {
            return Double.NaN;
        }
        double chance = 0.0;
        for (int k = 0; k < Math.min(trueClassCounts.length, predictedClassCounts.length); k++) {
            chance += trueClassCounts[k] * predictedClassCounts[k];
        }
        // (p0 - pe) / (1 - pe), multiplied through by N^2 so integer counts stay exact.
        double denominator = count * count - chance;
        return denominator == 0 ? 0.0 : (count * correct - chance) / denominator;
    }

    /** Mean log-loss (natural log) of the true class; NaN when empty. */
    public double logLoss() {
        return logLossSum / count;
    }

    /** Mean multi-class Brier score; NaN when empty. */
    public double brier() {
        return brierSum / count;
    }

    /** Number of classes seen so far (largest true or predicted class index + 1). */
    public int numClasses() {
        return Math.max(trueClassCounts.length, predictedClassCounts.length);
    }

    double correct() {
        return correct;
    }

    double logLossSum() {
        return logLossSum;
    }

    double brierSum() {
        return brierSum;
    }

    double[] trueClassCounts() {
        return trueClassCounts;
    }

    double[] predictedClassCounts() {
        return predictedClassCounts;
    }

    @Override
    public String toString() {
        return "ClassificationMetrics{count=" + count + ", accuracy=" + accuracy() + ", kappa=" + kappa()
                + ", logLoss=" + logLoss() + ", brier=" + brier() + '}';
    }
}
