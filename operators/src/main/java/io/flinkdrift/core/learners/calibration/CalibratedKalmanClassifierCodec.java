package io.flinkdrift.core.learners.calibration;

import io.flinkdrift.core.learners.kalman.KalmanClassifier;
import io.flinkdrift.core.learners.kalman.KalmanClassifierCodec;

/** State format of a {@link KalmanClassifier} under online Platt scaling. */
public final class CalibratedKalmanClassifierCodec extends CalibratedClassifierCodec<KalmanClassifier> {

    public CalibratedKalmanClassifierCodec() {
        super(new KalmanClassifierCodec());
    }
}
