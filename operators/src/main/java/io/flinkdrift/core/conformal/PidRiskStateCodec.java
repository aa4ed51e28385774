package io.flinkdrift.core.conformal;

import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Binary format of {@link PidRiskState}. Version 1: p (double), E (double), the feedback count (long). */
public final class PidRiskStateCodec implements StateCodec<PidRiskState> {

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(PidRiskState state, DataOutput out) throws IOException {
        out.writeDouble(state.proportional);
        out.writeDouble(state.errorSum);
        out.writeLong(state.feedbackCount);
    }

    @Override
    public PidRiskState read(DataInput in, int version) throws IOException {
        return new PidRiskState(in.readDouble(), in.readDouble(), in.readLong());
    }
}
