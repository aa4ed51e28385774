package io.flinkdrift.operators.ml;

import org.apache.flink.ml.param.StringParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/** Interface for the shared modelVersionCol param. */
public interface HasModelVersionCol<T> extends WithParams<T> {

    Param<String> MODEL_VERSION_COL = new StringParam(
            "modelVersionCol",
            "Model version column name: the number of training updates of the model that made the prediction.",
            "modelVersion", ParamValidators.notNull());

    default String getModelVersionCol() {
        return get(MODEL_VERSION_COL);
    }

    default T setModelVersionCol(String value) {
        return set(MODEL_VERSION_COL, value);
    }
}
