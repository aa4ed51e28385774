package io.flinkdrift.operators.ml;

import io.flinkdrift.operators.learners.KalmanParams;

/**
 * Params of {@link OnlineKalmanClassifier}: every setting of the Kalman-filter classifier ({@link
 * KalmanParams}) and the columns of {@link OnlineClassifierParams}.
 *
 * @param <T> the class of the implementing stage
 */
public interface OnlineKalmanClassifierParams<T> extends OnlineClassifierParams<T>, KalmanParams<T> {}
