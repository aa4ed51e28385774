package io.flinkdrift.core.conformal;

import io.flinkdrift.core.state.ArrayFormat;
import io.flinkdrift.core.state.NestedCodecs;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Binary format of {@link RhoExpertsState}. Version 1: K (int), then per expert its weighted sums
 * ({@link DecayingLossSumsCodec}, preceded by its format version), the K weights, the level (doubles)
 * and the feedback count (long).
 */
public final class RhoExpertsStateCodec implements StateCodec<RhoExpertsState> {

    /** More experts than any ρ grid needs; guards against corrupt lengths. */
    private static final int MAX_EXPERTS = 1 << 16;

    private final DecayingLossSumsCodec sumsCodec = new DecayingLossSumsCodec();

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(RhoExpertsState state, DataOutput out) throws IOException {
        out.writeInt(state.sums.length);
        for (DecayingLossSums sums : state.sums) {
            NestedCodecs.write(sumsCodec, sums, out);
        }
        ArrayFormat.writeDoubles(state.weights, out);
        out.writeDouble(state.level);
        out.writeLong(state.feedbackCount);
    }

    @Override
    public RhoExpertsState read(DataInput in, int version) throws IOException {
        int experts = in.readInt();
        if (experts < 1 || experts > MAX_EXPERTS) {
            throw new IOException("corrupt RhoExpertsState: " + experts + " experts");
        }
        DecayingLossSums[] sums = new DecayingLossSums[experts];
        for (int k = 0; k < experts; k++) {
            sums[k] = NestedCodecs.read(sumsCodec, in);
        }
        return new RhoExpertsState(sums, ArrayFormat.readDoubles(in, experts), in.readDouble(), in.readLong());
    }
}
