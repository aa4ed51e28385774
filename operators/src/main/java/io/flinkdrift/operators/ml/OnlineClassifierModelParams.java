package io.flinkdrift.operators.ml;

/**
 * Params of an {@link OnlineLearnerModel}: the input features column and the three appended
 * output columns.
 *
 * @param <T> the class of the implementing stage
 */
public interface OnlineClassifierModelParams<T>
        extends HasFeaturesCol<T>, HasPredictionCol<T>, HasRawPredictionCol<T>, HasModelVersionCol<T> {}
