package io.flinkdrift.operators.ml;

/**
 * Params of an {@link OnlineLearnerEstimator}: its model's params, the label column and how
 * often a model version is emitted.
 *
 * @param <T> the class of the implementing stage
 */
public interface OnlineClassifierParams<T>
        extends OnlineClassifierModelParams<T>, HasLabelCol<T>, HasSnapshotEvery<T> {}
