package io.flinkdrift.core.learners.calibration;

import io.flinkdrift.core.learners.rls.RvflClassifier;
import io.flinkdrift.core.learners.rls.RvflClassifierCodec;

/** State format of an {@link RvflClassifier} (plain RLS or Lite-RVFL) under online Platt scaling. */
public final class CalibratedRvflClassifierCodec extends CalibratedClassifierCodec<RvflClassifier> {

    public CalibratedRvflClassifierCodec() {
        super(new RvflClassifierCodec());
    }
}
