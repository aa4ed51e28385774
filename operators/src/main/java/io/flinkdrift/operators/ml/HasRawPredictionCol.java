package io.flinkdrift.operators.ml;

import org.apache.flink.ml.param.StringParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/** Interface for the shared rawPredictionCol param. */
public interface HasRawPredictionCol<T> extends WithParams<T> {

    Param<String> RAW_PREDICTION_COL = new StringParam(
            "rawPredictionCol",
            "Raw prediction column name: the class probabilities, a DenseVector.",
            "rawPrediction", ParamValidators.notNull());

    default String getRawPredictionCol() {
        return get(RAW_PREDICTION_COL);
    }

    default T setRawPredictionCol(String value) {
        return set(RAW_PREDICTION_COL, value);
    }
}
