package io.flinkdrift.core.learners.calibration;

import io.flinkdrift.core.state.ArrayFormat;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * State format of an {@link OnlinePlattScaler}. Version 1: gamma, radius, clip, calibeating
 * ordinal, bin count, (a, b), the ONS matrix (a11, a12, a22), the update count, then per bin the
 * count and the number of positive outcomes.
 */
public final class OnlinePlattScalerCodec implements StateCodec<OnlinePlattScaler> {

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(OnlinePlattScaler value, DataOutput out) throws IOException {
        out.writeDouble(value.gamma());
        out.writeDouble(value.radius());
        out.writeDouble(value.clip());
        out.writeByte(value.calibeating().ordinal());
        out.writeInt(value.bins());
        out.writeDouble(value.slope());
        out.writeDouble(value.intercept());
        ArrayFormat.writeDoubles(value.onsMatrix(), out);
        out.writeLong(value.updates());
        for (int bin = 0; bin < value.bins(); bin++) {
            out.writeLong(value.binCounts()[bin]);
            out.writeLong(value.binPositives()[bin]);
        }
    }

    @Override
    public OnlinePlattScaler read(DataInput in, int version) throws IOException {
        OnlinePlattScaler scaler;
        try {
            scaler = OnlinePlattScaler.builder()
                    .gamma(in.readDouble())
                    .radius(in.readDouble())
                    .clip(in.readDouble())
                    .calibeating(OnlinePlattScaler.Calibeating.values()[in.readByte()])
                    .bins(in.readInt())
                    .build();
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new IOException("Corrupt online Platt scaler configuration in state", e);
        }
        scaler.restore(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                in.readLong());
        for (int bin = 0; bin < scaler.bins(); bin++) {
            scaler.binCounts()[bin] = in.readLong();
            scaler.binPositives()[bin] = in.readLong();
        }
        return scaler;
    }
}
