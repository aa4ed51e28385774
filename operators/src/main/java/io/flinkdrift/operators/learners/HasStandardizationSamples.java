package io.flinkdrift.operators.learners;

import io.flinkdrift.core.learners.rls.RlsConfig;
import org.apache.flink.ml.param.IntParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/**
 * Interface for the shared standardizationSamples param of the linear learners: the first B
 * examples fit a per-feature standardiser z = (x - mean) / (std + 0.01), which is then frozen; on by
 * default (B = 200, as the Lite-RVFL authors do), so that unscaled columns neither dominate nor break
 * a model.
 */
public interface HasStandardizationSamples<T> extends WithParams<T> {

    Param<Integer> STANDARDIZATION_SAMPLES = new IntParam(
            "standardizationSamples",
            "Examples that fit the frozen per-feature input standardiser, in [0, 100000]; 0 = raw features.",
            RlsConfig.builder(1).build().standardizationSamples(), ParamValidators.inRange(0, 100_000));

    default int getStandardizationSamples() {
        return get(STANDARDIZATION_SAMPLES);
    }

    default T setStandardizationSamples(int value) {
        return set(STANDARDIZATION_SAMPLES, value);
    }
}
