package io.flinkdrift.core.learners.kalman;

import io.flinkdrift.core.state.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Versioned binary format of a {@link KalmanClassifier}: the full {@link KalmanConfig}, then the
 * filter state (feature dimension, K, δ, σ², σ0², version counter, reset counter, M, packed P),
 * then log τ. The Monte Carlo PRNG state is (seed, version), both included. Restoring and
 * replaying gives bit-identical predictions.
 *
 * <p>Version 1 is the only format so far.
 */
public final class KalmanClassifierCodec implements StateCodec<KalmanClassifier> {

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(KalmanClassifier value, DataOutput out) throws IOException {
        KalmanStateFormat.write(value.filter(), out);
        out.writeDouble(value.logTemperature());
    }

    @Override
    public KalmanClassifier read(DataInput in, int version) throws IOException {
        if (version != 1) {
            throw new IOException("Unsupported KalmanClassifier state version " + version + ", expected 1");
        }
        LinearGaussianFilter filter = KalmanStateFormat.read(in);
        return new KalmanClassifier(filter, in.readDouble());
    }
}
