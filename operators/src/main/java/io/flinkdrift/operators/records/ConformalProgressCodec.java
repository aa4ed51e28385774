package io.flinkdrift.operators.records;

import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.operators.conformal.ConformalProgress;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Format of a key's {@link ConformalProgress}. Version 1: next index (long), evaluated (long), loss
 * sum (double).
 */
public final class ConformalProgressCodec implements StateCodec<ConformalProgress> {

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(ConformalProgress value, DataOutput out) throws IOException {
        out.writeLong(value.nextIndex);
        out.writeLong(value.evaluated);
        out.writeDouble(value.lossSum);
    }

    @Override
    public ConformalProgress read(DataInput in, int version) throws IOException {
        ConformalProgress progress = new ConformalProgress();
        progress.nextIndex = in.readLong();
        progress.evaluated = in.readLong();
        progress.lossSum = in.readDouble();
        return progress;
    }
}
