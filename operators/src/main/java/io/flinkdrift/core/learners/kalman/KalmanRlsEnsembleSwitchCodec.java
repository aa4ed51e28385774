package io.flinkdrift.core.learners.kalman;

import io.flinkdrift.core.learners.BestMemberEnsemble;
import io.flinkdrift.core.learners.NoChangeSwitch;
import io.flinkdrift.core.learners.NoChangeSwitchCodec;

/**
 * State format of the {@code ensemble-switch} learner: a {@link NoChangeSwitch} (its format) over a
 * {@link BestMemberEnsemble} of a random-feature Kalman classifier and RLS classifiers ({@link
 * KalmanRlsEnsembleCodec}).
 */
public final class KalmanRlsEnsembleSwitchCodec extends NoChangeSwitchCodec<BestMemberEnsemble> {

    public KalmanRlsEnsembleSwitchCodec() {
        super(new KalmanRlsEnsembleCodec());
    }
}
