package io.flinkdrift.core.learners;

import io.flinkdrift.core.state.NestedCodecs;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * State format of a {@link NoChangeSwitch}. Version 1: rate α, the number of class indices seen
 * outside, the base model's class count and the outside index of each of its classes in order of
 * first appearance, the previous label (as the base model numbers it), the two accuracies, the
 * version, then the base model's format version and state. A {@link StateCodec} has a no-argument
 * constructor, so each base type gets a small subclass, e.g. {@code
 * io.flinkdrift.core.learners.kalman.RandomFeatureKalmanSwitchCodec}.
 *
 * @param <C> the base classifier type
 */
public abstract class NoChangeSwitchCodec<C extends OnlineClassifier> implements StateCodec<NoChangeSwitch<C>> {

    /** Bound of the class count read, so that corrupt bytes cannot allocate without bound. */
    private static final int MAX_CLASSES = 1 << 20;

    private final StateCodec<C> baseCodec;

    protected NoChangeSwitchCodec(StateCodec<C> baseCodec) {
        this.baseCodec = baseCodec;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(NoChangeSwitch<C> value, DataOutput out) throws IOException {
        out.writeDouble(value.rate());
        out.writeInt(value.numClasses());
        int[] externalClasses = value.externalClasses();
        out.writeInt(externalClasses.length);
        for (int c : externalClasses) {
            out.writeInt(c);
        }
        out.writeInt(value.lastLabel());
        out.writeDouble(value.modelAccuracy());
        out.writeDouble(value.noChangeAccuracy());
        out.writeLong(value.version());
        NestedCodecs.write(baseCodec, value.base(), out);
    }

    @Override
    public NoChangeSwitch<C> read(DataInput in, int version) throws IOException {
        double rate = in.readDouble();
        int numClasses = in.readInt();
        int count = in.readInt();
        if (numClasses < 0 || numClasses > MAX_CLASSES || count < 0 || count > numClasses) {
            throw new IOException("Corrupt no-change switch: " + count + " classes of " + numClasses);
        }
        int[] externalClasses = new int[count];
        for (int i = 0; i < count; i++) {
            externalClasses[i] = in.readInt();
        }
        int lastLabel = in.readInt();
        double modelAccuracy = in.readDouble();
        double noChangeAccuracy = in.readDouble();
        long learned = in.readLong();
        C base = NestedCodecs.read(baseCodec, in);
        try {
            return new NoChangeSwitch<>(base, rate, numClasses, externalClasses, lastLabel, modelAccuracy,
                    noChangeAccuracy, learned);
        } catch (IllegalArgumentException e) {
            throw new IOException("Corrupt no-change switch: " + e.getMessage(), e);
        }
    }
}
