package io.flinkdrift.core.conformal;

import io.flinkdrift.core.state.NestedCodecs;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Binary format of {@link AdaptiveRiskState}. Version 1: the weighted sums ({@link
 * DecayingLossSumsCodec}, preceded by its format version), the level (double), the feedback count
 * (long).
 */
public final class AdaptiveRiskStateCodec implements StateCodec<AdaptiveRiskState> {

    private final DecayingLossSumsCodec sumsCodec = new DecayingLossSumsCodec();

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(AdaptiveRiskState state, DataOutput out) throws IOException {
        NestedCodecs.write(sumsCodec, state.sums, out);
        out.writeDouble(state.level);
        out.writeLong(state.feedbackCount);
    }

    @Override
    public AdaptiveRiskState read(DataInput in, int version) throws IOException {
        return new AdaptiveRiskState(NestedCodecs.read(sumsCodec, in), in.readDouble(), in.readLong());
    }
}
