package io.flinkdrift.operators.density;

import io.flinkdrift.core.density.ExponentialForgettingHistogramEstimator;
import org.apache.flink.ml.param.DoubleParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/**
 * Interface for the param of an exponentially forgetting estimator ({@link
 * ExponentialForgettingHistogramEstimator}).
 *
 * @param <T> the class of the implementing stage
 */
public interface HasDecay<T> extends WithParams<T> {

    Param<Double> DECAY = new DoubleParam(
            "decay",
            "The decay per element in (0, 1); the effective window is about 1/(1-decay).",
            0.999, ParamValidators.inRange(0, 1, false, false));

    default double getDecay() {
        return get(DECAY);
    }

    default T setDecay(double value) {
        return set(DECAY, value);
    }
}
