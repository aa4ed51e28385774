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

    @Override
    public Prediction map(Example row) {
        double[] f = row.features;
        if (pointPrediction) {
            return new Prediction(row, f[0], new double[0], 0);
        }
        double[] scores = Arrays.copyOf(f, f.length - truthColumns);
        Prediction prediction = new Prediction(row, Learners.argmax(scores), scores, 0);
        if (truthColumns > 0) {
            double bitmask = 0;
            for (int m = 0; m < truthColumns; m++) {
                double flag = f[scores.length + m];
                bitmask += flag == 1 ? Math.pow(2, m) : flag == 0 ? 0 : Double.NaN;
            }
            prediction.label = bitmask;
        }
        return prediction;
    }
}
