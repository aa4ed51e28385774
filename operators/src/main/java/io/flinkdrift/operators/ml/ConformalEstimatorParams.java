package io.flinkdrift.operators.ml;

/**
 * Params of a {@link RegisteredConformalEstimator} besides its controller's and loss's: its model's
 * params and how often a version of each key's calibrated state is emitted ({@link
 * HasSnapshotEvery#SNAPSHOT_EVERY}, counting the key's rows).
 *
 * @param <T> the class of the implementing stage
 */
public interface ConformalEstimatorParams<T> extends ConformalModelParams<T>, HasSnapshotEvery<T> {}
