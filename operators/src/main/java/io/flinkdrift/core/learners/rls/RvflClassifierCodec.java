package io.flinkdrift.core.learners.rls;

import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** State format of an {@link RvflClassifier}: version 1 is its network's version-1 format. */
public final class RvflClassifierCodec implements StateCodec<RvflClassifier> {

    private final RandomVectorFunctionalLinkCodec networkCodec = new RandomVectorFunctionalLinkCodec();

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(RvflClassifier value, DataOutput out) throws IOException {
        networkCodec.write(value.network(), out);
    }

    @Override
    public RvflClassifier read(DataInput in, int version) throws IOException {
        RandomVectorFunctionalLink network = networkCodec.read(in, 1);
        if (network.encoding() != RandomVectorFunctionalLink.TargetEncoding.ONE_HOT) {
            throw new IOException("State holds an RVFL regressor, not a classifier");
        }
        return new RvflClassifier(network);
    }
}
