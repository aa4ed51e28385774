package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.conformal.ConformalLoss;
import io.flinkdrift.core.conformal.FalseNegativeRateLoss;
import io.flinkdrift.core.conformal.LambdaGrid;
import io.flinkdrift.core.conformal.ScoreThresholdSet;
import io.flinkdrift.core.conformal.SetMiscoverageLoss;
import io.flinkdrift.records.Prediction;

import java.io.Serializable;

/**
 * How a {@link Prediction} becomes nested prediction sets and a loss: which part of it is the model
 * output, which the truth, and what C<sub>λ</sub> is shown for a threshold λ.
 *
 * <ul>
 *   <li>{@link #interval}: regression, output {@link Prediction#prediction}, truth the real label,
 *       C<sub>λ</sub> = [ŷ − λ, ŷ + λ];
 *   <li>{@link #classSet()}: classification, output {@link Prediction#probabilities}, truth the class
 *       index, C<sub>λ</sub> = {k : p<sub>k</sub> ≥ 1 − λ}, miscoverage loss;
 *   <li>{@link #labelSet()}: multilabel, output per-label scores in {@link Prediction#probabilities},
 *       truth the positive labels in {@link Prediction#positiveLabels}, C<sub>λ</sub> = {m :
 *       f<sub>m</sub> ≥ 1 − λ}, false-negative-rate loss. Where a truth comes as one number (a late
 *       {@code Label}, a SQL column), it is the bitmask Σ 2<sup>m</sup> of the positive labels m &lt; 52
 *       ({@link #attachTruth}).
 * </ul>
 */
public abstract class ConformalTask implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Largest multilabel count whose bitmask a double holds exactly. */
    static final int MAX_LABELS = 52;

    private ConformalTask() {}

    /** B of the task's loss. */
    public abstract double lossBound();

    /**
     * Writes L(λ<sub>g</sub>) of a labelled prediction into {@code curve}.
     *
     * @throws IllegalArgumentException if the truth is not valid for the task
     */
    public abstract void lossCurve(Prediction labelled, LambdaGrid grid, double[] curve);

    /**
     * Attaches a truth given as one number to {@code prediction}: the {@link Prediction#label}, or
     * for multilabel sets the {@link Prediction#positiveLabels} of a bitmask (a value that is no
     * bitmask stays in {@code label}, a truth whose loss is undefined).
     */
    public void attachTruth(double value, Prediction prediction) {
        prediction.label = value;
    }

    /** Fills the set (or interval) fields of {@code out} for threshold {@code lambda}. */
    public abstract void describe(Prediction prediction, double lambda, ConformalPrediction out);

    /** The vector similarity weights compare when the model's inputs are not at hand: the model output. */
    public abstract double[] outputVector(Prediction prediction);

    /** Regression intervals [ŷ − λ, ŷ + λ] with {@code loss}, e.g. {@code IntervalMiscoverageLoss}. */
    public static ConformalTask interval(ConformalLoss<Double, Double> loss) {
        if (loss == null) {
            throw new IllegalArgumentException("loss must not be null");
        }
        return new ConformalTask() {
            private static final long serialVersionUID = 1L;

            @Override
            public double lossBound() {
                return loss.bound();
            }

            @Override
            public void lossCurve(Prediction labelled, LambdaGrid grid, double[] curve) {
                loss.lossCurve(labelled.prediction, labelled.label, grid, curve);
            }

            @Override
            public void describe(Prediction prediction, double lambda, ConformalPrediction out) {
                out.lower = prediction.prediction - lambda;
                out.upper = prediction.prediction + lambda;
                out.size = 2 * lambda;
            }

            @Override
            public double[] outputVector(Prediction prediction) {
                return new double[] {prediction.prediction};
            }
        };
    }

    /** Classification sets with miscoverage loss (B = 1). */
    public static ConformalTask classSet() {
        SetMiscoverageLoss loss = new SetMiscoverageLoss();
        return new ScoreSets() {
            private static final long serialVersionUID = 1L;

            @Override
            public void lossCurve(Prediction labelled, LambdaGrid grid, double[] curve) {
                double label = labelled.label;
                if (!(label >= 0 && label == Math.rint(label) && label <= Integer.MAX_VALUE)) {
                    throw new IllegalArgumentException("class label must be an index >= 0, got " + label);
                }
                loss.lossCurve(labelled.probabilities, (int) label, grid, curve);
            }
        };
    }

    /** Multilabel sets with false-negative-rate loss (B = 1); the truth is a bitmask of positive labels. */
    public static ConformalTask labelSet() {
        FalseNegativeRateLoss loss = new FalseNegativeRateLoss();
        return new ScoreSets() {
            private static final long serialVersionUID = 1L;

            @Override
            public void attachTruth(double value, Prediction prediction) {
                if (value >= 0 && value == Math.rint(value) && value < Math.pow(2, MAX_LABELS)) {
                    prediction.positiveLabels = positiveLabels((long) value);
                    prediction.label = Double.NaN;
                } else {
                    prediction.label = value;
                }
            }

            @Override
            public void lossCurve(Prediction labelled, LambdaGrid grid, double[] curve) {
                if (labelled.positiveLabels == null) {
                    throw new IllegalArgumentException("multilabel truth must be positive labels (or a bitmask in [0, 2^"
                            + MAX_LABELS + ")), got " + labelled.label);
                }
                loss.lossCurve(labelled.probabilities, positives(labelled.positiveLabels), grid, curve);
            }
        };
    }

    /** The positive labels m of a bitmask Σ 2<sup>m</sup>, ascending. */
    static int[] positiveLabels(long bitmask) {
        int[] labels = new int[Long.bitCount(bitmask)];
        for (int m = 0, i = 0; i < labels.length; m++) {
            if ((bitmask >>> m & 1) == 1) {
                labels[i++] = m;
            }
        }
        return labels;
    }

    /**
     * The positive-label flags of {@code positiveLabels}, up to the largest.
     *
     * @throws IllegalArgumentException for a negative label
     */
    static boolean[] positives(int[] positiveLabels) {
        int size = 0;
        for (int m : positiveLabels) {
            if (m < 0) {
                throw new IllegalArgumentException("a positive label must be an index >= 0, got " + m);
            }
            size = Math.max(size, m + 1);
        }
        boolean[] positives = new boolean[size];
        for (int m : positiveLabels) {
            positives[m] = true;
        }
        return positives;
    }

    /** Sets {k : s<sub>k</sub> ≥ 1 − λ} over {@link Prediction#probabilities}. */
    private abstract static class ScoreSets extends ConformalTask {
        private static final long serialVersionUID = 1L;

        @Override
        public double lossBound() {
            return 1;
        }

        @Override
        public void describe(Prediction prediction, double lambda, ConformalPrediction out) {
            out.set = ScoreThresholdSet.members(prediction.probabilities, lambda);
            out.size = out.set.length;
        }

        @Override
        public double[] outputVector(Prediction prediction) {
            return prediction.probabilities;
        }
    }
}
