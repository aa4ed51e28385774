package io.flinkdrift.operators.ml;

import io.flinkdrift.operators.learners.RlsParams;

/**
 * Params of {@link OnlineRvflClassifier}: every setting of the RLS / Lite-RVFL classifier ({@link
 * RlsParams}) and the columns of {@link OnlineClassifierParams}.
 *
 * @param <T> the class of the implementing stage
 */
public interface OnlineRvflClassifierParams<T> extends OnlineClassifierParams<T>, RlsParams<T> {}
