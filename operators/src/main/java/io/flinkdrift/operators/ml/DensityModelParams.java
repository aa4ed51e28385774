package io.flinkdrift.operators.ml;

import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.StringParam;

/**
 * Params of a {@link RegisteredDensityModel} besides its estimator's: the input columns (features
 * and key) and the output columns, named by default as the {@code density} job names its score
 * fields.
 *
 * @param <T> the class of the implementing stage
 */
public interface DensityModelParams<T> extends HasFeaturesCol<T>, HasKeyCol<T>, HasModelVersionCol<T> {

    Param<String> LOG_DENSITY_COL = new StringParam(
            "logDensityCol",
            "Log-density column name: the row's log-density under its key's estimate (DOUBLE; NaN for unusable "
                    + "features, or an empty kernel estimate).",
            "logDensity", ParamValidators.notNull());

    Param<String> OUT_OF_RANGE_COL = new StringParam(
            "outOfRangeCol",
            "Out-of-range column name: whether the row lies outside the estimator's support (BOOLEAN; a histogram "
                    + "scores such a row in the edge cell it clamps to).",
            "outOfRange", ParamValidators.notNull());

    default String getLogDensityCol() {
        return get(LOG_DENSITY_COL);
    }

    default T setLogDensityCol(String value) {
        return set(LOG_DENSITY_COL, value);
    }

    default String getOutOfRangeCol() {
        return get(OUT_OF_RANGE_COL);
    }

    default T setOutOfRangeCol(String value) {
        return set(OUT_OF_RANGE_COL, value);
    }
}
