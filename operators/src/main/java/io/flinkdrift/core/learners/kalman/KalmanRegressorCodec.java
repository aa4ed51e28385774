package io.flinkdrift.core.learners.kalman;

import io.flinkdrift.core.state.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Versioned binary format of a {@link KalmanRegressor}: the full {@link KalmanConfig}, then the
 * filter state (feature dimension, δ, σ², σ0², version counter, reset counter, mean, packed P),
 * then the δ-step normaliser (see {@link KalmanStateFormat}).
 *
 * <p>Writes version 2; reads versions 1 and 2 (a version-1 stream restores with the δ-step
 * normaliser restarted).
 */
public final class KalmanRegressorCodec implements StateCodec<KalmanRegressor> {

    @Override
    public int version() {
        return KalmanStateFormat.VERSION;
    }

    @Override
    public void write(KalmanRegressor value, DataOutput out) throws IOException {
        KalmanStateFormat.write(value.filter(), out);
    }

    @Override
    public KalmanRegressor read(DataInput in, int version) throws IOException {
        KalmanStateFormat.checkVersion("KalmanRegressor", version);
        return new KalmanRegressor(KalmanStateFormat.read(in, version));
    }
}
