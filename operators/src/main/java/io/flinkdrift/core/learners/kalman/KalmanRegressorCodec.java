package io.flinkdrift.core.learners.kalman;

import io.flinkdrift.core.state.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Versioned binary format of a {@link KalmanRegressor}: the full {@link KalmanConfig}, then the
 * filter state (feature dimension, δ, σ², σ0², version counter, reset counter, mean, packed P).
 *
 * <p>Version 1 is the only format so far.
 */
public final class KalmanRegressorCodec implements StateCodec<KalmanRegressor> {

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(KalmanRegressor value, DataOutput out) throws IOException {
        KalmanStateFormat.write(value.filter(), out);
    }

    @Override
    public KalmanRegressor read(DataInput in, int version) throws IOException {
        if (version != 1) {
            throw new IOException("Unsupported KalmanRegressor state version " + version + ", expected 1");
        }
        return new KalmanRegressor(KalmanStateFormat.read(in));
    }
}
