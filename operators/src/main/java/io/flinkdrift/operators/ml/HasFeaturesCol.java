package io.flinkdrift.operators.ml;

import org.apache.flink.ml.param.StringParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/** Interface for the shared featuresCol param. */
public interface HasFeaturesCol<T> extends WithParams<T> {

    Param<String> FEATURES_COL = new StringParam(
            "featuresCol",
            "Features column name (a Flink ML Vector).",
            "features", ParamValidators.notNull());

    default String getFeaturesCol() {
        return get(FEATURES_COL);
    }

    default T setFeaturesCol(String value) {
        return set(FEATURES_COL, value);
    }
}
