package io.flinkdrift.core.learners.rls;

import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** State format of an {@link RvflRegressor}: version 1 is its network's version-1 format. */
public final class RvflRegressorCodec implements StateCodec<RvflRegressor> {

    private final RandomVectorFunctionalLinkCodec networkCodec = new RandomVectorFunctionalLinkCodec();

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(RvflRegressor value, DataOutput out) throws IOException {
        networkCodec.write(value.network(), out);
    }

    @Override
    public RvflRegressor read(DataInput in, int version) throws IOException {
        RandomVectorFunctionalLink network = networkCodec.read(in, 1);
        if (network.encoding() != RandomVectorFunctionalLink.TargetEncoding.SCALAR) {
            throw new IOException("State holds an RVFL classifier, not a regressor");
        }
        return new RvflRegressor(network);
    }
}
