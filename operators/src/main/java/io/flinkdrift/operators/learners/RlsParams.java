package io.flinkdrift.operators.learners;

import io.flinkdrift.core.learners.rls.RlsConfig;
import org.apache.flink.ml.param.DoubleParam;
import org.apache.flink.ml.param.IntParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;

/**
 * Params of the exponentially weighted recursive least squares learners, plain or over Lite-RVFL
 * random features (Hu, Liu and He, 2025): every setting of {@link RlsConfig} but the input
 * dimension (with the shared {@link HasRandomFeatures}, {@link HasBias} and {@link
 * HasStandardizationSamples}).
 *
 * @param <T> the class of the implementing stage
 */
public interface RlsParams<T> extends HasRandomFeatures<T>, HasBias<T>, HasStandardizationSamples<T> {

    Param<Double> FORGETTING = new DoubleParam(
            "forgetting",
            "Forgetting factor lambda of recursive least squares, in (0, 1]; the memory is about "
                    + "1/(1 - lambda) records, 1 = ordinary least squares.",
            0.994, ParamValidators.inRange(0, 1, false, true));

    Param<Double> REGULARIZATION = new DoubleParam(
            "regularization",
            "Ridge regularisation of recursive least squares, > 0.",
            RlsConfig.builder(1).build().regularization(), ParamValidators.gt(0));

    Param<Integer> REREGULARIZATION_PERIOD = new IntParam(
            "reregularizationPeriod",
            "Updates between two re-applications of the ridge term against forgetting, >= 0; 0 = never.",
            RlsConfig.builder(1).build().reregularizationPeriod(), ParamValidators.gtEq(0));

    default double getForgetting() {
        return get(FORGETTING);
    }

    default T setForgetting(double value) {
        return set(FORGETTING, value);
    }

    default double getRegularization() {
        return get(REGULARIZATION);
    }

    default T setRegularization(double value) {
        return set(REGULARIZATION, value);
    }

    default int getReregularizationPeriod() {
        return get(REREGULARIZATION_PERIOD);
    }

    default T setReregularizationPeriod(int value) {
        return set(REREGULARIZATION_PERIOD, value);
    }
}
