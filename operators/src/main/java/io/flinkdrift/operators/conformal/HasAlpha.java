package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.conformal.RiskTarget;
import org.apache.flink.ml.param.DoubleParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/**
 * Interface for the target risk α of conformal risk control ({@link RiskTarget}): the expected loss
 * the controller keeps the answers at or below.
 *
 * @param <T> the class of the implementing stage
 */
public interface HasAlpha<T> extends WithParams<T> {

    Param<Double> ALPHA = new DoubleParam(
            "alpha",
            "Target expected loss, in (0, B).",
            0.1, ParamValidators.gt(0));

    default double getAlpha() {
        return get(ALPHA);
    }

    default T setAlpha(double value) {
        return set(ALPHA, value);
    }
}
