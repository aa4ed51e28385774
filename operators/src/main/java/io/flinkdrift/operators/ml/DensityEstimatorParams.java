package io.flinkdrift.operators.ml;

/**
 * Params of a {@link RegisteredDensityEstimator} besides its estimator's: its model's params and
 * how often a version of each key's estimator is emitted.
 *
 * @param <T> the class of the implementing stage
 */
public interface DensityEstimatorParams<T> extends DensityModelParams<T>, HasSnapshotEvery<T> {}
