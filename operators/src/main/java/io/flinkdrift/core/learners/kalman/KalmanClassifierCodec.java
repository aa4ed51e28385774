package io.flinkdrift.core.learners.kalman;

import io.flinkdrift.core.state.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Versioned binary format of a {@link KalmanClassifier}: the full {@link KalmanConfig}, then the
 * filter state (feature dimension, K, δ, σ², σ0², version counter, reset counter, M, packed P),
 * then log τ, then (since version 2) the moving average of the squared δ gradient. The Monte Carlo
 * PRNG state is (seed, version), both included. Restoring and replaying gives bit-identical
 * predictions.
 *
 * <p>Writes version 2; reads versions 1 and 2 (a version-1 stream restores with the δ-step
 * normaliser restarted).
 */
public final class KalmanClassifierCodec implements StateCodec<KalmanClassifier> {

    @Override
    public int version() {
        return KalmanStateFormat.VERSION;
    }

    @Override
    public void write(KalmanClassifier value, DataOutput out) throws IOException {
        KalmanStateFormat.write(value.filter(), out);
        out.writeDouble(value.logTemperature());
        KalmanStateFormat.writeVersion2Tail(value.filter(), out);
    }

    @Override
    public KalmanClassifier read(DataInput in, int version) throws IOException {
        KalmanStateFormat.checkVersion("KalmanClassifier", version);
        LinearGaussianFilter filter = KalmanStateFormat.read(in);
        double logTemperature = in.readDouble();
        KalmanStateFormat.readVersion2Tail(filter, in, version);
        return new KalmanClassifier(filter, logTemperature);
    }
}
