package io.flinkdrift.operators.ml;

import io.flinkdrift.records.Example;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.StringParam;
import org.apache.flink.ml.param.WithParams;

/** Interface for the shared keyCol param. */
public interface HasKeyCol<T> extends WithParams<T> {

    Param<String> KEY_COL = new StringParam(
            "keyCol",
            "Key column name: one model per distinct value (as text), as the jobs' --key; null = one model for "
                    + "every row (key \"" + Example.DEFAULT_KEY + "\").",
            null);

    default String getKeyCol() {
        return get(KEY_COL);
    }

    default T setKeyCol(String value) {
        return set(KEY_COL, value);
    }
}
