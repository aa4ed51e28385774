package io.flinkdrift.operators.learners;

import io.flinkdrift.core.learners.kalman.KalmanConfig;
import org.apache.flink.ml.param.BooleanParam;
import org.apache.flink.ml.param.DoubleParam;
import org.apache.flink.ml.param.IntParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.StringParam;

/**
 * Params of the Kalman-filter learners with learned forgetting (Titsias et al., ICLR 2024): every
 * setting of {@link KalmanConfig} (with the shared {@link HasSeed}, {@link HasBias} and {@link
 * HasStandardizationSamples}), with {@link KalmanConfig}'s defaults.
 *
 * @param <T> the class of the implementing stage
 */
public interface KalmanParams<T> extends HasSeed<T>, HasBias<T>, HasStandardizationSamples<T> {

    Param<Double> GAMMA = new DoubleParam(
            "gamma",
            "Initial forgetting factor gamma of the weights, in (0, 1].",
            KalmanConfig.defaults().initialGamma(), ParamValidators.inRange(0, 1, false, true));

    Param<Boolean> LEARN_GAMMA = new BooleanParam(
            "learnGamma",
            "Whether gamma is adapted online on the one-step predictive log-likelihood.",
            KalmanConfig.defaults().learnGamma());

    Param<Double> GAMMA_LEARNING_RATE = new DoubleParam(
            "gammaLearningRate",
            "Step size of the normalised ascent on log delta (delta = -2 log gamma), >= 0.",
            KalmanConfig.defaults().gammaLearningRate(), ParamValidators.gtEq(0));

    Param<Double> MIN_DELTA = new DoubleParam(
            "minDelta",
            "Lower clamp of the learned delta, > 0 and < maxDelta.",
            KalmanConfig.defaults().minDelta(), ParamValidators.gt(0));

    Param<Double> MAX_DELTA = new DoubleParam(
            "maxDelta",
            "Upper clamp of the learned delta (gamma >= exp(-maxDelta / 2)), > minDelta.",
            KalmanConfig.defaults().maxDelta(), ParamValidators.gt(0));

    Param<Double> PRIOR_VARIANCE = new DoubleParam(
            "priorVariance",
            "Prior (and stationary) variance of each weight, > 0.",
            KalmanConfig.defaults().priorVariance(), ParamValidators.gt(0));

    Param<Double> NOISE_VARIANCE = new DoubleParam(
            "noiseVariance",
            "Observation noise variance (of the one-hot targets when classifying), > 0.",
            KalmanConfig.defaults().noiseVariance(), ParamValidators.gt(0));

    Param<Boolean> LEARN_NOISE = new BooleanParam(
            "learnNoise",
            "Whether the noise and prior variances are learned online by SGD in log space.",
            KalmanConfig.defaults().learnNoise());

    Param<Double> NOISE_LEARNING_RATE = new DoubleParam(
            "noiseLearningRate",
            "SGD step size on the log noise and log prior variances, >= 0.",
            KalmanConfig.defaults().noiseLearningRate(), ParamValidators.gtEq(0));

    Param<String> PREDICTIVE = new StringParam(
            "predictive",
            "Class probabilities from the Gaussian predictive over the logits: probit (closed form) or monte-carlo.",
            "probit", ParamValidators.inArray("probit", "monte-carlo"));

    Param<Integer> MONTE_CARLO_SAMPLES = new IntParam(
            "monteCarloSamples",
            "Samples of the monte-carlo predictive, in [1, 1000000].",
            KalmanConfig.defaults().monteCarloSamples(), ParamValidators.inRange(1, 1_000_000));

    Param<Double> TEMPERATURE = new DoubleParam(
            "temperature",
            "Initial softmax temperature tau of the classifier, > 0.",
            KalmanConfig.defaults().initialTemperature(), ParamValidators.gt(0));

    Param<Boolean> LEARN_TEMPERATURE = new BooleanParam(
            "learnTemperature",
            "Whether the classifier learns tau by SGD on the log-loss.",
            KalmanConfig.defaults().learnTemperature());

    Param<Double> TEMPERATURE_LEARNING_RATE = new DoubleParam(
            "temperatureLearningRate",
            "SGD step size on log tau, >= 0.",
            KalmanConfig.defaults().temperatureLearningRate(), ParamValidators.gtEq(0));

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

    default double getGammaLearningRate() {
        return get(GAMMA_LEARNING_RATE);
    }

    default T setGammaLearningRate(double value) {
        return set(GAMMA_LEARNING_RATE, value);
    }

    default double getMinDelta() {
        return get(MIN_DELTA);
    }

    default T setMinDelta(double value) {
        return set(MIN_DELTA, value);
    }

    default double getMaxDelta() {
        return get(MAX_DELTA);
    }

    default T setMaxDelta(double value) {
        return set(MAX_DELTA, value);
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

    default boolean getLearnNoise() {
        return get(LEARN_NOISE);
    }

    default T setLearnNoise(boolean value) {
        return set(LEARN_NOISE, value);
    }

    default double getNoiseLearningRate() {
        return get(NOISE_LEARNING_RATE);
    }

    default T setNoiseLearningRate(double value) {
        return set(NOISE_LEARNING_RATE, value);
    }

    default String getPredictive() {
        return get(PREDICTIVE);
    }

    default T setPredictive(String value) {
        return set(PREDICTIVE, value);
    }

    default int getMonteCarloSamples() {
        return get(MONTE_CARLO_SAMPLES);
    }

    default T setMonteCarloSamples(int value) {
        return set(MONTE_CARLO_SAMPLES, value);
    }

    default double getTemperature() {
        return get(TEMPERATURE);
    }

    default T setTemperature(double value) {
        return set(TEMPERATURE, value);
    }

    default boolean getLearnTemperature() {
        return get(LEARN_TEMPERATURE);
    }

    default T setLearnTemperature(boolean value) {
        return set(LEARN_TEMPERATURE, value);
    }

    default double getTemperatureLearningRate() {
        return get(TEMPERATURE_LEARNING_RATE);
    }

    default T setTemperatureLearningRate(double value) {
        return set(TEMPERATURE_LEARNING_RATE, value);
    }
}
