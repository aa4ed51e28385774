package io.flinkdrift.core.learners;

import io.flinkdrift.core.state.NestedCodecs;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * State format of a {@link BestMemberEnsemble}. Version 1: rate &alpha;, the class count, the
 * version, the number of members, then for each member its accuracy, its codec's format version and
 * its state. A {@link StateCodec} has a no-argument constructor, so each composition of members
 * gets a small subclass that names the codec of each member, e.g. {@code
 * io.flinkdrift.core.learners.kalman.KalmanRlsEnsembleCodec}.
 */
public abstract class BestMemberEnsembleCodec implements StateCodec<BestMemberEnsemble> {

    /** Bound of the counts read, so that corrupt bytes cannot allocate without bound. */
    private static final int MAX_COUNT = 1 << 20;

    /**
     * The codec of member {@code index} of {@code count}.
     *
     * @throws IOException if the composition has no such member
     */
    protected abstract StateCodec<? extends OnlineClassifier> memberCodec(int index, int count) throws IOException;

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(BestMemberEnsemble value, DataOutput out) throws IOException {
        List<OnlineClassifier> members = value.members();
        double[] accuracies = value.accuracies();
        out.writeDouble(value.rate());
        out.writeInt(value.numClasses());
        out.writeLong(value.version());
        out.writeInt(members.size());
        for (int i = 0; i < members.size(); i++) {
            out.writeDouble(accuracies[i]);
            NestedCodecs.write(codec(i, members.size()), members.get(i), out);
        }
    }

    @Override
    public BestMemberEnsemble read(DataInput in, int version) throws IOException {
        double rate = in.readDouble();
        int numClasses = in.readInt();
        long learned = in.readLong();
        int count = in.readInt();
        if (numClasses < 0 || numClasses > MAX_COUNT || count < 1 || count > MAX_COUNT) {
            throw new IOException("Corrupt ensemble: " + count + " members, " + numClasses + " classes");
        }
        double[] accuracies = new double[count];
        List<OnlineClassifier> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StateCodec<OnlineClassifier> memberCodec = codec(i, count);
            accuracies[i] = in.readDouble();
            members.add(NestedCodecs.read(memberCodec, in));
        }
        try {
            return new BestMemberEnsemble(members, rate, accuracies, numClasses, learned);
        } catch (IllegalArgumentException e) {
            throw new IOException("Corrupt ensemble: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked") // a member of the wrong type fails the codec's cast when written
    private StateCodec<OnlineClassifier> codec(int index, int count) throws IOException {
        return (StateCodec<OnlineClassifier>) memberCodec(index, count);
    }
}
