package io.flinkdrift.operators.learners;

import org.apache.flink.ml.param.BooleanParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.WithParams;

/** Interface for the shared bias param of the linear learners. */
public interface HasBias<T> extends WithParams<T> {

    Param<Boolean> BIAS = new BooleanParam(
            "bias",
            "Whether a constant feature 1 is appended to every feature vector.",
            true);

    default boolean getBias() {
        return get(BIAS);
    }

    default T setBias(boolean value) {
        return set(BIAS, value);
    }
}
