package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.conformal.AbsoluteIntervalLoss;
import org.apache.flink.ml.param.DoubleParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/**
 * Interface for the bound B of a loss that is clipped to it ({@link AbsoluteIntervalLoss}); the
 * target risk α must lie in (0, B).
 *
 * @param <T> the class of the implementing stage
 */
public interface HasLossBound<T> extends WithParams<T> {

    Param<Double> BOUND = new DoubleParam(
            "bound",
            "The loss bound B: the distance of the truth to the interval is clipped to it.",
            1.0, ParamValidators.gt(0));

    default double getBound() {
        return get(BOUND);
    }

    default T setBound(double value) {
        return set(BOUND, value);
    }
}
