package io.flinkdrift.core.learners;

/**
 * A regressor that learns one labelled example at a time, used in prequential (predict, then
 * learn) order. Deterministic and not thread-safe, like {@link OnlineClassifier}.
 */
public interface OnlineRegressor extends OnlineLearner {

    /** The predicted target for {@code features}; does not change the model. */
    double predict(double[] features);

    /** Updates the model with one labelled example. */
    void learn(double[] features, double target);

    /** Number of {@link #learn} calls so far: the model version stamped on every prediction. */
    @Override
    long version();

    /** The predicted target, without probabilities. */
    @Override
    default Estimate estimate(double[] features) {
        return new Estimate(predict(features), new double[0]);
    }

    /** Every real target is learnable. */
    @Override
    default String refusal(double label) {
        return null;
    }

    /** {@link #learn} of the target {@code label}. */
    @Override
    default void learnLabel(double[] features, double label) {
        learn(features, label);
    }
}
