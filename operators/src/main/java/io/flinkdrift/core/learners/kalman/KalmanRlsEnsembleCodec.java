package io.flinkdrift.core.learners.kalman;

import io.flinkdrift.core.learners.BestMemberEnsemble;
import io.flinkdrift.core.learners.BestMemberEnsembleCodec;
import io.flinkdrift.core.learners.OnlineClassifier;
import io.flinkdrift.core.learners.rls.RvflClassifier;
import io.flinkdrift.core.learners.rls.RvflClassifierCodec;
import io.flinkdrift.core.state.StateCodec;

import java.io.IOException;

/**
 * State format of a {@link BestMemberEnsemble} whose first member is a {@link
 * RandomFeatureKalmanClassifier} and whose other members (at least one) are {@link RvflClassifier}s,
 * the members of the {@code ensemble-switch} learner.
 */
public final class KalmanRlsEnsembleCodec extends BestMemberEnsembleCodec {

    @Override
    protected StateCodec<? extends OnlineClassifier> memberCodec(int index, int count) throws IOException {
        if (count < 2) {
            throw new IOException("Corrupt Kalman and RLS ensemble: " + count + " members");
        }
        return index == 0 ? new RandomFeatureKalmanClassifierCodec() : new RvflClassifierCodec();
    }
}
