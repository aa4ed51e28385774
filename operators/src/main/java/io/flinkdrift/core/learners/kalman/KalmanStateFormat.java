package io.flinkdrift.core.learners.kalman;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The binary layout of a {@link KalmanConfig} plus filter state, shared by the two codecs.
 *
 * <p>Version 2 (written): the configuration including {@code standardizationSamples}, the filter
 * state, then the moving average of the squared δ gradient that normalises the δ step. Version 1
 * (read only) lacks both: it restores with standardisation off, which is how version-1 models were
 * trained, and with the step normaliser restarting at the next learned example.
 */
final class KalmanStateFormat {

    /** The version both codecs write. */
    static final int VERSION = 2;

    private KalmanStateFormat() {}

    /** @throws IOException naming the supported versions if {@code version} is neither 1 nor 2 */
    static void checkVersion(String type, int version) throws IOException {
        if (version != 1 && version != 2) {
            throw new IOException("Unsupported " + type + " state version " + version + ", expected 1 or 2");
        }
    }

    static void write(LinearGaussianFilter filter, DataOutput out) throws IOException {
        KalmanConfig c = filter.config();
        out.writeDouble(c.priorVariance());
        out.writeDouble(c.noiseVariance());
        out.writeDouble(c.initialGamma());
        out.writeBoolean(c.learnGamma());
        out.writeDouble(c.gammaLearningRate());
        out.writeDouble(c.minDelta());
        out.writeDouble(c.maxDelta());
        out.writeBoolean(c.learnNoise());
        out.writeDouble(c.noiseLearningRate());
        out.writeUTF(c.predictive().name());
        out.writeInt(c.monteCarloSamples());
        out.writeLong(c.seed());
        out.writeDouble(c.initialTemperature());
        out.writeBoolean(c.learnTemperature());
        out.writeDouble(c.temperatureLearningRate());
        out.writeBoolean(c.addBias());
        out.writeInt(c.standardizationSamples());
        filter.writeState(out);
        out.writeDouble(filter.deltaGradientMeanSquare());
    }

    /** Reads what {@link #write} wrote in format {@code version} (1 or 2, already checked). */
    static LinearGaussianFilter read(DataInput in, int version) throws IOException {
        KalmanConfig config;
        try {
            KalmanConfig.Builder builder = KalmanConfig.builder()
                    .priorVariance(in.readDouble())
                    .noiseVariance(in.readDouble())
                    .initialGamma(in.readDouble())
                    .learnGamma(in.readBoolean())
                    .gammaLearningRate(in.readDouble())
                    .minDelta(in.readDouble())
                    .maxDelta(in.readDouble())
                    .learnNoise(in.readBoolean())
                    .noiseLearningRate(in.readDouble())
                    .predictive(KalmanConfig.Predictive.valueOf(in.readUTF()))
                    .monteCarloSamples(in.readInt())
                    .seed(in.readLong())
                    .initialTemperature(in.readDouble())
                    .learnTemperature(in.readBoolean())
                    .temperatureLearningRate(in.readDouble())
                    .addBias(in.readBoolean());
            config = builder.standardizationSamples(version >= 2 ? in.readInt() : 0).build();
        } catch (IllegalArgumentException e) {
            throw new IOException("Corrupt Kalman configuration in state: " + e.getMessage(), e);
        }
        LinearGaussianFilter filter = LinearGaussianFilter.readState(config, in);
        if (version >= 2) {
            filter.restoreDeltaGradientMeanSquare(in.readDouble());
        }
        return filter;
    }
}
