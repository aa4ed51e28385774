package io.flinkdrift.operators.ml;

import org.apache.flink.ml.param.StringParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/** Interface for the shared predictionCol param. */
public interface HasPredictionCol<T> extends WithParams<T> {

    Param<String> PREDICTION_COL = new StringParam(
            "predictionCol",
            "Prediction column name: the most probable class index, -1 before a class is known.",
            "prediction", ParamValidators.notNull());

    default String getPredictionCol() {
        return get(PREDICTION_COL);
    }

    default T setPredictionCol(String value) {
        return set(PREDICTION_COL, value);
    }
}
