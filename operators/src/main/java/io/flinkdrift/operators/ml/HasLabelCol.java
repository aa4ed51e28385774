package io.flinkdrift.operators.ml;

import org.apache.flink.ml.param.StringParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/** Interface for the shared labelCol param. */
public interface HasLabelCol<T> extends WithParams<T> {

    Param<String> LABEL_COL = new StringParam(
            "labelCol",
            "Label column name: a class index 0, 1, ... (numeric).",
            "label", ParamValidators.notNull());

    default String getLabelCol() {
        return get(LABEL_COL);
    }

    default T setLabelCol(String value) {
        return set(LABEL_COL, value);
    }
}
