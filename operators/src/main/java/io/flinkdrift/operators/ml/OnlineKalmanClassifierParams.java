package io.flinkdrift.operators.ml;

import io.flinkdrift.core.learners.kalman.KalmanConfig;
import org.apache.flink.ml.param.BooleanParam;
import org.apache.flink.ml.param.DoubleParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;

/**
 * Params of {@link OnlineKalmanClassifier}: the hyperparameters of {@link KalmanConfig} that the
 * {@code classify} job also offers.
 *
 * @param <T> the class of the implementing stage
 */
public interface OnlineKalmanClassifierParams<T> extends OnlineClassifierParams<T> {

    Param<Double> GAMMA = new DoubleParam(
            "gamma",
            "Initial forgetting factor gamma of the weights, in (0, 1].",
            0.99, ParamValidators.inRange(0, 1, false, true));

    Param<Boolean> LEARN_GAMMA = new BooleanParam(
            "learnGamma",
            "Whether gamma is adapted online on the one-step predictive log-likelihood.",
            true);

    Param<Double> PRIOR_VARIANCE = new DoubleParam(
            "priorVariance",
            "Prior (and stationary) variance of each weight, > 0.",
            1.0, ParamValidators.gt(0));

    Param<Double> NOISE_VARIANCE = new DoubleParam(
            "noiseVariance",
            "Observation noise variance of the one-hot targets, > 0.",
            0.1, ParamValidators.gt(0));

    default double getGamma() {
        return get(GAMMA);
    }

    default T setGamma(double value) {
        return set(GAMMA, value);
    }

    default boolean getLearnGamma() {
        return get(LEARN_GAMMA);
    }

    default T setLearnGamma(boolean value) {
        return set(LEARN_GAMMA, value);
    }

    default double getPriorVariance() {
        return get(PRIOR_VARIANCE);
    }

    default T setPriorVariance(double value) {
        return set(PRIOR_VARIANCE, value);
    }

    default double getNoiseVariance() {
        return get(NOISE_VARIANCE);
    }

    default T setNoiseVariance(double value) {
        return set(NOISE_VARIANCE, value);
    }
}
