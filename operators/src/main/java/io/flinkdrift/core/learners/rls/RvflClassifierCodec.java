package io.flinkdrift.core.learners.rls;

import io.flinkdrift.core.state.NestedCodecs;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * State format of an {@link RvflClassifier}: its network's format version, then the network in that
 * format ({@link RandomVectorFunctionalLinkCodec}). Writes version 2; reads version 1 too, which
 * held the network's version-1 format without its version.
 */
public final class RvflClassifierCodec implements StateCodec<RvflClassifier> {

    private final StateCodec<RandomVectorFunctionalLink> networkCodec;

    public RvflClassifierCodec() {
        this(new RandomVectorFunctionalLinkCodec());
    }

    /** A codec over another network format: lets a test show that old bytes survive a format change. */
    RvflClassifierCodec(StateCodec<RandomVectorFunctionalLink> networkCodec) {
        this.networkCodec = networkCodec;
    }

    @Override
    public int version() {
        return 2;
    }

    @Override
    public void write(RvflClassifier value, DataOutput out) throws IOException {
        NestedCodecs.write(networkCodec, value.network(), out);
    }

    @Override
    public RvflClassifier read(DataInput in, int version) throws IOException {
        RandomVectorFunctionalLink network = NestedCodecs.read(networkCodec, in, version, 2);
        if (network.encoding() != RandomVectorFunctionalLink.TargetEncoding.ONE_HOT) {
            throw new IOException("State holds an RVFL regressor, not a classifier");
        }
        return new RvflClassifier(network);
    }
}
