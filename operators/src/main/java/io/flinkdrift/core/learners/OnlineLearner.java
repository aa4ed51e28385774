package io.flinkdrift.core.learners;

/**
 * A learner of one labelled example at a time, whatever its label type: the one interface through
 * which keyed operators predict, check, learn and version every model. {@link OnlineClassifier}
 * (class indices) and {@link OnlineRegressor} (real targets) implement it from their typed methods,
 * so a learner implements only those.
 */
public interface OnlineLearner {

    /** The learner's estimate for {@code features}; does not change the model. */
    Estimate estimate(double[] features);

    /**
     * Why the learner cannot learn the (non-NaN) {@code label}, or null if it can. A caller refuses
     * such a label instead of passing it to {@link #learnLabel}.
     */
    String refusal(double label);

    /**
     * One update with {@code label}: a class index for a classifier, a real target for a
     * regressor; a label it {@link #refusal refuses} throws {@link IllegalArgumentException}.
     */
    void learnLabel(double[] features, double label);

    /** Number of updates so far: the model version stamped on every prediction. */
    long version();

    /**
     * An estimate: the predicted label (a class index, -1 before a classifier learned any class; or
     * the predicted target) and, for a classifier, the class probabilities it was chosen from (empty
     * for a regressor).
     */
    record Estimate(double label, double[] probabilities) {}
}
