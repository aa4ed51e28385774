package io.flinkdrift.operators.ml;

import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.StringParam;

/**
 * Params of a {@link RegisteredConformalModel} besides its controller's and loss's: the input
 * columns and the output columns. The inputs are named by default as a learner model's {@code
 * transform} names its outputs, so a conformal stage can follow one in a pipeline: the key, the point
 * prediction ({@link #PREDICTION_COL}, numeric; read by the interval losses), the class probabilities
 * or label scores ({@link #RAW_PREDICTION_COL}, a Flink ML {@code Vector}; read by the set losses) and
 * the truth ({@link #LABEL_COL}, numeric: the real target, the class index, or for {@code fnr} the
 * bitmask of the positive labels; null = unknown). The outputs are named as the {@code conformal}
 * job names its output fields.
 *
 * @param <T> the class of the implementing stage
 */
public interface ConformalModelParams<T>
        extends HasKeyCol<T>, HasPredictionCol<T>, HasRawPredictionCol<T>, HasLabelCol<T>, HasModelVersionCol<T> {

    Param<String> LAMBDA_COL = new StringParam(
            "lambdaCol", "Lambda column name: the threshold the row's answer is made with (DOUBLE).",
            "lambda", ParamValidators.notNull());

    Param<String> LOWER_COL = new StringParam(
            "lowerCol", "Lower column name: the lower end of the interval (DOUBLE; interval losses only).",
            "lower", ParamValidators.notNull());

    Param<String> UPPER_COL = new StringParam(
            "upperCol", "Upper column name: the upper end of the interval (DOUBLE; interval losses only).",
            "upper", ParamValidators.notNull());

    Param<String> SET_COL = new StringParam(
            "setCol", "Set column name: the class or label indices of the set, ascending (ARRAY<INT>; set losses "
                    + "only).",
            "set", ParamValidators.notNull());

    Param<String> LOSS_COL = new StringParam(
            "lossCol", "Loss column name: the loss the answer realised for the row's truth (DOUBLE; NaN without a "
                    + "truth).",
            "loss", ParamValidators.notNull());

    default String getLambdaCol() {
        return get(LAMBDA_COL);
    }

    default T setLambdaCol(String value) {
        return set(LAMBDA_COL, value);
    }

    default String getLowerCol() {
        return get(LOWER_COL);
    }

    default T setLowerCol(String value) {
        return set(LOWER_COL, value);
    }

    default String getUpperCol() {
        return get(UPPER_COL);
    }

    default T setUpperCol(String value) {
        return set(UPPER_COL, value);
    }

    default String getSetCol() {
        return get(SET_COL);
    }

    default T setSetCol(String value) {
        return set(SET_COL, value);
    }

    default String getLossCol() {
        return get(LOSS_COL);
    }

    default T setLossCol(String value) {
        return set(LOSS_COL, value);
    }
}
