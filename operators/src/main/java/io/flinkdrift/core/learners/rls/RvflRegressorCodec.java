package io.flinkdrift.core.learners.rls;

import io.flinkdrift.core.state.NestedCodecs;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * State format of an {@link RvflRegressor}: its network's format version, then the network in that
 * format ({@link RandomVectorFunctionalLinkCodec}). Writes version 2; reads version 1 too, which
 * held the network's version-1 format without its version.
 */
public final class RvflRegressorCodec implements StateCodec<RvflRegressor> {

    private final StateCodec<RandomVectorFunctionalLink> networkCodec;

    public RvflRegressorCodec() {
        this(new RandomVectorFunctionalLinkCodec());
    }

    /** A codec over another network format: lets a test show that old bytes survive a format change. */
    RvflRegressorCodec(StateCodec<RandomVectorFunctionalLink> networkCodec) {
        this.networkCodec = networkCodec;
    }

    @Override
    public int version() {
        return 2;
    }

    @Override
    public void write(RvflRegressor value, DataOutput out) throws IOException {
        NestedCodecs.write(networkCodec, value.network(), out);
    }

    @Override
    public RvflRegressor read(DataInput in, int version) throws IOException {
        RandomVectorFunctionalLink network = NestedCodecs.read(networkCodec, in, version, 2);
        if (network.encoding() != RandomVectorFunctionalLink.TargetEncoding.SCALAR) {
            throw new IOException("State holds an RVFL classifier, not a regressor");
        }
        return new RvflRegressor(network);
    }
}
