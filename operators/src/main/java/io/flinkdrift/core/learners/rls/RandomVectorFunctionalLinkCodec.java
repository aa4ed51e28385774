package io.flinkdrift.core.learners.rls;

import io.flinkdrift.core.learners.FrozenStandardizer;
import io.flinkdrift.core.state.ArrayFormat;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * State format of a {@link RandomVectorFunctionalLink}. Version 1: the configuration, the target
 * encoding, the counters, either the pending standardisation buffer or the frozen mean and scale,
 * then the RLS state (output count, counters, the upper triangle of P&#771;, the weight columns).
 * The random weights are not written: they are regenerated from the seed in the configuration.
 */
public final class RandomVectorFunctionalLinkCodec implements StateCodec<RandomVectorFunctionalLink> {

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(RandomVectorFunctionalLink value, DataOutput out) throws IOException {
        RlsConfig config = value.config();
        out.writeInt(config.inputDimension());
        out.writeDouble(config.forgetting());
        out.writeDouble(config.regularization());
        out.writeInt(config.enhancementGroups());
        out.writeInt(config.nodesPerGroup());
        out.writeLong(config.seed());
        out.writeInt(config.reregularizationPeriod());
        out.writeBoolean(config.bias());
        out.writeInt(config.standardizationSamples());
        out.writeByte(value.encoding().ordinal());
        out.writeLong(value.version());
        out.writeLong(value.skippedExamples());

        out.writeBoolean(value.standardizationPending());
        if (value.standardizationPending()) {
            out.writeInt(value.pendingCount());
            for (int i = 0; i < value.pendingCount(); i++) {
                ArrayFormat.writeDoubles(value.pendingFeatures()[i], out);
                out.writeDouble(value.pendingLabels()[i]);
            }
        } else {
            out.writeBoolean(value.standardizer() != null);
            if (value.standardizer() != null) {
                ArrayFormat.writeDoubles(value.standardizer().mean(), out);
                ArrayFormat.writeDoubles(value.standardizer().scale(), out);
            }
        }

        ExponentiallyWeightedRls rls = value.rls();
        out.writeInt(rls.outputs());
        out.writeLong(rls.updates());
        out.writeInt(rls.updatesSinceReregularization());
        int n = rls.dimension();
        double[] covariance = rls.covarianceArray();
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                out.writeDouble(covariance[i * n + j]);
            }
        }
        for (double[] column : rls.weightColumns()) {
            ArrayFormat.writeDoubles(column, out);
        }
    }

    @Override
    public RandomVectorFunctionalLink read(DataInput in, int version) throws IOException {
        RlsConfig config;
        try {
            config = RlsConfig.builder(in.readInt())
                    .forgetting(in.readDouble())
                    .regularization(in.readDouble())
                    .enhancementGroups(in.readInt())
                    .nodesPerGroup(in.readInt())
                    .seed(in.readLong())
                    .reregularizationPeriod(in.readInt())
                    .bias(in.readBoolean())
                    .standardizationSamples(in.readInt())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IOException("Corrupt RVFL configuration in state", e);
        }
        int encodingOrdinal = in.readByte();
        if (encodingOrdinal < 0 || encodingOrdinal >= RandomVectorFunctionalLink.TargetEncoding.values().length) {
            throw new IOException("Unknown RVFL target encoding " + encodingOrdinal + " in state");
        }
        RandomVectorFunctionalLink.TargetEncoding encoding =
                RandomVectorFunctionalLink.TargetEncoding.values()[encodingOrdinal];
        RandomVectorFunctionalLink network = new RandomVectorFunctionalLink(config, encoding);
        long learnCalls = in.readLong();
        long skipped = in.readLong();
        int d = config.inputDimension();

        FrozenStandardizer standardizer = null;
        int pendingCount = 0;
        double[][] pendingFeatures = null;
        double[] pendingLabels = null;
        if (in.readBoolean()) {
            pendingCount = in.readInt();
            if (pendingCount < 0 || pendingCount >= config.standardizationSamples()) {
                throw new IOException("Pending standardisation count " + pendingCount + " outside [0, "
                        + config.standardizationSamples() + ") in state");
            }
            pendingFeatures = new double[config.standardizationSamples()][];
            pendingLabels = new double[config.standardizationSamples()];
            for (int i = 0; i < pendingCount; i++) {
                pendingFeatures[i] = ArrayFormat.readDoubles(in, d);
                pendingLabels[i] = in.readDouble();
            }
        } else if (in.readBoolean()) {
            try {
                standardizer = new FrozenStandardizer(ArrayFormat.readDoubles(in, d),
                        ArrayFormat.readDoubles(in, d));
            } catch (IllegalArgumentException e) {
                throw new IOException("Corrupt standardiser in state: " + e.getMessage(), e);
            }
        }
        network.restore(learnCalls, skipped, standardizer, pendingCount, pendingFeatures, pendingLabels);

        ExponentiallyWeightedRls rls = network.rls();
        int outputs = in.readInt();
        if (outputs < 0 || outputs > RandomVectorFunctionalLink.MAX_CLASSES) {
            throw new IOException("Output count " + outputs + " outside [0, "
                    + RandomVectorFunctionalLink.MAX_CLASSES + "] in state");
        }
        rls.ensureOutputs(outputs);
        long updates = in.readLong();
        rls.restoreCounters(updates, in.readInt());
        int n = rls.dimension();
        double[] covariance = rls.covarianceArray();
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double value = in.readDouble();
                covariance[i * n + j] = value;
                covariance[j * n + i] = value;
            }
        }
        for (double[] column : rls.weightColumns()) {
            ArrayFormat.readDoubles(in, column);
        }
        return network;
    }
}
