package io.flinkdrift.core.evaluation;

import java.io.Serializable;

/**
 * Prequential regression metrics (mean absolute error, root mean squared error) kept as additive
 * sums, so partial results from parallel subtasks {@link #merge merge} exactly (River's {@code
 * metrics.MAE} / {@code metrics.RMSE}, MOA's {@code BasicRegressionPerformanceEvaluator}).
 *
 * <p>A contribution row is the single error {@code predicted - truth}. Every metric is {@code NaN}
 * while {@link #count()} is 0. Not thread-safe.
 */
public final class RegressionMetrics implements AdditiveMetrics<RegressionMetrics>, Serializable {

    private static final long serialVersionUID = 1L;

    /** Width of a {@link #contribution} row: the error. */
    public static final int CONTRIBUTION_WIDTH = 1;

    private double count;
    private double absoluteErrorSum;
    private double squaredErrorSum;

    /** Empty metrics. */
    public RegressionMetrics() {}

    RegressionMetrics(double count, double absoluteErrorSum, double squaredErrorSum) {
        this.count = count;
        this.absoluteErrorSum = absoluteErrorSum;
        this.squaredErrorSum = squaredErrorSum;
    }

    /**
     * The contribution row of one labelled prediction.
     *
     * @throws IllegalArgumentException if {@code truth} or {@code predicted} is not finite
     */
    public static double[] contribution(double truth, double predicted) {
        if (!Double.isFinite(truth) || !Double.isFinite(predicted)) {
            throw new IllegalArgumentException(
                    "truth and predicted must be finite, got truth=" + truth + ", predicted=" + predicted);
        }
        return new double[] {predicted - truth};
    }

    /**
     * Adds one labelled prediction with weight 1.
     *
     * @throws IllegalArgumentException as {@link #contribution}
     */
    public void add(double truth, double predicted) {
        add(contribution(truth, predicted), 0, 1.0);
    }

    @Override
    public int contributionWidth() {
        return CONTRIBUTION_WIDTH;
    }

    @Override
    public void add(double[] contribution, int offset, double weight) {
        double error = contribution[offset];
        count += weight;
        absoluteErrorSum += weight * Math.abs(error);
        squaredErrorSum += weight * error * error;
    }

    @Override
    public void scale(double factor) {
        count *= factor;
        absoluteErrorSum *= factor;
        squaredErrorSum *= factor;
    }

    @Override
    public void merge(RegressionMetrics other) {
        count += other.count;
        absoluteErrorSum += other.absoluteErrorSum;
        squaredErrorSum += other.squaredErrorSum;
    }

    @Override
    public void clear() {
        count = 0;
        absoluteErrorSum = 0;
        squaredErrorSum = 0;
    }

    @Override
    public RegressionMetrics newEmpty() {
        return new RegressionMetrics();
    }

    @Override
    public double count() {
        return count;
    }

    /** Mean absolute error; NaN when empty. */
    public double mae() {
        return absoluteErrorSum / count;
    }

    /**
     * Root mean squared error; NaN when empty. The squared-error sum is clamped at 0 because a
     * sliding window subtracts evicted terms and rounding could otherwise leave it slightly negative.
     */
    public double rmse() {
        return Math.sqrt(Math.max(0.0, squaredErrorSum) / count);
    }

    double absoluteErrorSum() {
        return absoluteErrorSum;
    }

    double squaredErrorSum() {
        return squaredErrorSum;
    }

    @Override
    public String toString() {
        return "RegressionMetrics{count=" + count + ", mae=" + mae() + ", rmse=" + rmse() + '}';
    }
}
