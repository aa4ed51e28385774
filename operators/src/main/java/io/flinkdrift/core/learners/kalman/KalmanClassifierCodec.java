package io.flinkdrift.core.learners.kalman;

import io.flinkdrift.core.learners.InputStandardization;
import io.flinkdrift.core.state.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Versioned binary format of a {@link KalmanClassifier}: the full {@link KalmanConfig}, then the
 * filter state (feature dimension, K, δ, σ², σ0², version counter, reset counter, M, packed P),
 * the δ-step normaliser (see {@link KalmanStateFormat}), then log τ, then the input standardisation
 * state when {@link KalmanConfig#standardizationSamples()} &gt; 0 (the buffered examples while
 * pending, else the frozen mean and scale). The Monte Carlo PRNG state is (seed, version), both
 * included. Restoring and replaying gives bit-identical predictions.
 *
 * <p>Writes version 2; reads versions 1 and 2. Version 1 had no standardisation and no δ-step
 * normaliser: it restores with standardisation off and the normaliser restarted.
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
        value.standardization().write(out);
    }

    @Override
    public KalmanClassifier read(DataInput in, int version) throws IOException {
        KalmanStateFormat.checkVersion("KalmanClassifier", version);
        LinearGaussianFilter filter = KalmanStateFormat.read(in, version);
        double logTemperature = in.readDouble();
        InputStandardization standardization =
                InputStandardization.read(filter.config().standardizationSamples(), in);
        return new KalmanClassifier(filter, logTemperature, standardization);
    }
}
