package io.flinkdrift.core.learners.pa;

import io.flinkdrift.core.learners.InputStandardization;
import io.flinkdrift.core.state.ArrayFormat;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * State format of {@link PassiveAggressiveClassifier}. Format 1: aggressiveness C (double), bias
 * (boolean), standardisation samples B (int), version (long), the standardisation state (nothing
 * when B = 0, else the buffer while pending or the frozen mean and scale), number of classes K
 * (int), then, if K &gt; 0, the prototype width m (int) and the K prototypes of m doubles each.
 */
public final class PassiveAggressiveClassifierCodec implements StateCodec<PassiveAggressiveClassifier> {

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(PassiveAggressiveClassifier value, DataOutput out) throws IOException {
        out.writeDouble(value.aggressiveness());
        out.writeBoolean(value.bias());
        out.writeInt(value.standardizationSamples());
        out.writeLong(value.version());
        value.standardization().write(out);
        double[][] weights = value.weights();
        out.writeInt(weights.length);
        if (weights.length > 0) {
            out.writeInt(weights[0].length);
        }
        for (double[] prototype : weights) {
            ArrayFormat.writeDoubles(prototype, out);
        }
    }

    @Override
    public PassiveAggressiveClassifier read(DataInput in, int version) throws IOException {
        if (version != 1) {
            throw new IOException("Unknown passive-aggressive state format " + version);
        }
        double aggressiveness = in.readDouble();
        boolean bias = in.readBoolean();
        int standardizationSamples = in.readInt();
        if (standardizationSamples < 0
                || standardizationSamples > InputStandardization.MAX_SAMPLES) {
            throw new IOException("Corrupt passive-aggressive state: B = " + standardizationSamples);
        }
        long modelVersion = in.readLong();
        InputStandardization standardization = InputStandardization.read(standardizationSamples, in);
        int classes = in.readInt();
        int width = classes > 0 ? in.readInt() : 0;
        if (classes < 0 || width < 0 || (classes > 0 && width < (bias ? 2 : 1))) {
            throw new IOException("Corrupt passive-aggressive state: " + classes + " classes of width " + width);
        }
        double[][] weights = new double[classes][];
        for (int r = 0; r < classes; r++) {
            weights[r] = ArrayFormat.readDoubles(in, width);
        }
        try {
            return new PassiveAggressiveClassifier(aggressiveness, bias, standardizationSamples, standardization,
                    weights, modelVersion);
        } catch (IllegalArgumentException e) {
            throw new IOException("Corrupt passive-aggressive state: " + e.getMessage(), e);
        }
    }
}
