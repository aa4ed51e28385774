package io.flinkdrift.core.learners;

/**
 * A regressor that learns one labelled example at a time, used in prequential (predict, then
 * learn) order. Deterministic and not thread-safe, like {@link OnlineClassifier}.
 */
public interface OnlineRegressor {

    /** The predicted target for {@code features}; does not change the model. */
    double predict(double[] features);

    /** Updates the model with one labelled example. */
    void learn(double[] features, double target);

    /** Number of {@link #learn} calls so far: the model version stamped on every prediction. */
    long version();
}
