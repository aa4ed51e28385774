package io.flinkdrift.core.learners.kalman;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** The binary layout of a {@link KalmanConfig} plus filter state, shared by the two codecs. */
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
