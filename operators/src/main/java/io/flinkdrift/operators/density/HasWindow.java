package io.flinkdrift.operators.density;

import io.flinkdrift.core.density.FixedWindowHistogramEstimator;
import org.apache.flink.ml.param.IntParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/**
 * Interface for the param of a fixed-window estimator ({@link FixedWindowHistogramEstimator}).
 *
 * @param <T> the class of the implementing stage
 */
public interface HasWindow<T> extends WithParams<T> {

    Param<Integer> WINDOW = new IntParam(
            "window",
            "The window in elements, in [1, 2^26].",
            4096, ParamValidators.inRange(1, FixedWindowHistogramEstimator.MAX_WINDOW));

    default int getWindow() {
        return get(WINDOW);
    }

    default T setWindow(int value) {
        return set(WINDOW, value);
    }
}
