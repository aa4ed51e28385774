package io.flinkdrift.core.learners.kalman;

import io.flinkdrift.core.learners.InputStandardization;
import io.flinkdrift.core.state.NestedCodecs;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Versioned binary format of a {@link RandomFeatureKalmanClassifier}. Version 1: input dimension,
 * enhancement groups, nodes per group, the raw-input standardisation (B from the configuration,
 * then the buffered examples while pending, else the frozen mean and scale), then the Kalman head
 * with its own format version ({@link KalmanClassifierCodec}), whose configuration is the
 * classifier's with B = 0 and carries the seed of the random weights. The random weights are
 * regenerated from it, not stored.
 */
public final class RandomFeatureKalmanClassifierCodec implements StateCodec<RandomFeatureKalmanClassifier> {

    private final KalmanClassifierCodec headCodec = new KalmanClassifierCodec();

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(RandomFeatureKalmanClassifier value, DataOutput out) throws IOException {
        out.writeInt(value.inputDimension());
        out.writeInt(value.enhancementGroups());
        out.writeInt(value.nodesPerGroup());
        out.writeInt(value.config().standardizationSamples());
        value.standardization().write(out);
        NestedCodecs.write(headCodec, value.head(), out);
    }

    @Override
    public RandomFeatureKalmanClassifier read(DataInput in, int version) throws IOException {
        int inputDimension = in.readInt();
        int enhancementGroups = in.readInt();
        int nodesPerGroup = in.readInt();
        int standardizationSamples = in.readInt();
        InputStandardization standardization = InputStandardization.read(standardizationSamples, in);
        KalmanClassifier head = NestedCodecs.read(headCodec, in);
        try {
            KalmanConfig config = head.config().toBuilder().standardizationSamples(standardizationSamples).build();
            return new RandomFeatureKalmanClassifier(config, enhancementGroups, nodesPerGroup, inputDimension,
                    standardization, head);
        } catch (IllegalArgumentException e) {
            throw new IOException("Corrupt random-feature Kalman classifier in state: " + e.getMessage(), e);
        }
    }
}
