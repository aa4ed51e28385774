package io.flinkdrift.operators.learners;

import io.flinkdrift.core.learners.NoChangeSwitch;
import org.apache.flink.ml.param.DoubleParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/**
 * Interface for the param of a {@link NoChangeSwitch}: the rate of the exponentially weighted
 * accuracies by which it chooses between its model and no-change.
 *
 * @param <T> the class of the implementing stage
 */
public interface HasSwitchRate<T> extends WithParams<T> {

    /** The default, chosen on Elec2 (6 features) among 0.01, 0.05 and 0.1; see docs/learners.md. */
    double DEFAULT_SWITCH_RATE = 0.05;

    Param<Double> SWITCH_RATE = new DoubleParam(
            "switchRate",
            "Weight of the latest example in the exponentially weighted accuracies of the model and of "
                    + "no-change, by which the switch predicts with the better one, in (0, 1].",
            DEFAULT_SWITCH_RATE, ParamValidators.inRange(0, 1, false, true));

    default double getSwitchRate() {
        return get(SWITCH_RATE);
    }

    default T setSwitchRate(double value) {
        return set(SWITCH_RATE, value);
    }
}
