package io.flinkdrift.jobs.conformal;

import io.flinkdrift.core.learners.Learners;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.functions.MapFunction;

import java.util.Arrays;

/**
 * Turns a parsed input row into the {@link Prediction} the conformal operator reads. The parser
 * puts the named model-output columns into {@link Example#features}, in order:
 * <ul>
 *   <li>{@link #pointPrediction()}: one column, the predicted value; the truth is the label;
 *   <li>{@link #scores(int)} with no truth columns: class probabilities, the truth is the class
 *       index in the label;
 *   <li>{@link #scores(int)} with M truth columns: M label scores followed by M 0/1 flags of the
 *       positive labels, which become the bitmask truth of {@code ConformalTask.labelSet()} (NaN if a
 *       flag is missing).
 * </ul>
 */
public final class ModelOutputs implements MapFunction<Example, Prediction> {

    private static final long serialVersionUID = 1L;

    private final boolean pointPrediction;
    private final int truthColumns;

    private ModelOutputs(boolean pointPrediction, int truthColumns) {
        this.pointPrediction = pointPrediction;
        this.truthColumns = truthColumns;
    }

    /** Regression: one predicted value. */
    public static ModelOutputs pointPrediction() {
        return new ModelOutputs(true, 0);
    }

    /** Score columns, followed by {@code truthColumns} positive-label flags (0 for class probabilities). */
    public static ModelOutputs scores(int truthColumns) {
        return new ModelOutputs(false, truthColumns);
    }

    /** The indices m of the flags {@code f[from + m]} that are 1; null if a flag is neither 0 nor 1. */
    private static int[] positiveLabels(double[] f, int from, int flags) {
        int[] positives = new int[flags];
        int count = 0;
        for (int m = 0; m < flags; m++) {
            double flag = f[from + m];
            if (flag == 1) {
                positives[count++] = m;
            } else if (flag != 0) {
                return null;
            }
        }
        return Arrays.copyOf(positives, count);
    }

    @Override
    public Prediction map(Example row) {
        double[] f = row.features;
        if (pointPrediction) {
            return new Prediction(row, f[0], new double[0], 0);
        }
        double[] scores = Arrays.copyOf(f, f.length - truthColumns);
        Prediction prediction = new Prediction(row, Learners.argmax(scores), scores, 0);
        if (truthColumns > 0) {
            prediction.label = Double.NaN;
            prediction.positiveLabels = positiveLabels(f, scores.length, truthColumns);
        }
        return prediction;
    }
}
