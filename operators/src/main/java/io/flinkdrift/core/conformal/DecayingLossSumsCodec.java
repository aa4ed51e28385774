package io.flinkdrift.core.conformal;

import io.flinkdrift.core.state.ArrayFormat;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Binary format of {@link DecayingLossSums}. Version 1: G (int), G sums (double), N<sub>w</sub> at
 * the base (double), base position, newest position, calibration count, infeasible count (longs).
 */
public final class DecayingLossSumsCodec implements StateCodec<DecayingLossSums> {

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(DecayingLossSums state, DataOutput out) throws IOException {
        out.writeInt(state.sums.length);
        ArrayFormat.writeDoubles(state.sums, out);
        out.writeDouble(state.weightSum);
        out.writeLong(state.basePosition);
        out.writeLong(state.newestPosition);
        out.writeLong(state.calibrationCount);
        out.writeLong(state.infeasibleCount);
    }

    @Override
    public DecayingLossSums read(DataInput in, int version) throws IOException {
        int gridSize = in.readInt();
        if (gridSize < 1) {
            throw new IOException("corrupt DecayingLossSums: grid size " + gridSize);
        }
        double[] sums = ArrayFormat.readDoubles(in, gridSize);
        return new DecayingLossSums(sums, in.readDouble(), in.readLong(), in.readLong(), in.readLong(),
                in.readLong());
    }

    @Override
    public DecayingLossSums copy(DecayingLossSums state) {
        return new DecayingLossSums(state.sums.clone(), state.weightSum, state.basePosition,
                state.newestPosition, state.calibrationCount, state.infeasibleCount);
    }
}
