package io.flinkdrift.core.learners.kalman;

import io.flinkdrift.core.learners.NoChangeSwitch;
import io.flinkdrift.core.learners.NoChangeSwitchCodec;

/** State format of a {@link NoChangeSwitch} over a {@link RandomFeatureKalmanClassifier}. */
public final class RandomFeatureKalmanSwitchCodec extends NoChangeSwitchCodec<RandomFeatureKalmanClassifier> {

    public RandomFeatureKalmanSwitchCodec() {
        super(new RandomFeatureKalmanClassifierCodec());
    }
}
