package io.flinkdrift.core.learners.kalman;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The binary layout of a {@link KalmanConfig} plus filter state, shared by the two codecs. Format
 * version 2 appends, at the very end of the codec's stream, the moving average of the squared δ
 * gradient ({@link #writeVersion2Tail}); version 1 streams lack it and restore with that average at
 * 0, which only restarts the step normaliser.
 */
final class KalmanStateFormat {

    private KalmanStateFormat() {}

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
        filter.writeState(out);
    }

    /** The current format version of both codecs. */
    static final int VERSION = 2;

    /** Writes what format version 2 adds after everything version 1 wrote. */
    static void writeVersion2Tail(LinearGaussianFilter filter, DataOutput out) throws IOException {
        out.writeDouble(filter.deltaGradientMeanSquare());
    }

    /**
     * Reads what {@link #writeVersion2Tail} wrote if {@code version} is 2.
     *
     * @throws IOException if {@code version} is neither 1 nor 2
     */
    static void readVersion2Tail(LinearGaussianFilter filter, DataInput in, int version) throws IOException {
        if (version == 2) {
            filter.restoreDeltaGradientMeanSquare(in.readDouble());
        }
    }

    /** @throws IOException naming the supported versions if {@code version} is neither 1 nor 2 */
    static void checkVersion(String type, int version) throws IOException {
        if (version != 1 && version != 2) {
            throw new IOException("Unsupported " + type + " state version " + version + ", expected 1 or 2");
        }
    }

    static LinearGaussianFilter read(DataInput in) throws IOException {
        KalmanConfig config;
        try {
            config = KalmanConfig.builder()
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
                    .addBias(in.readBoolean())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IOException("Corrupt Kalman configuration in state: " + e.getMessage(), e);
        }
        return LinearGaussianFilter.readState(config, in);
    }
}
