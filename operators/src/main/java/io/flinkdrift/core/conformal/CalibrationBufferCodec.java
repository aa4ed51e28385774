package io.flinkdrift.core.conformal;

import io.flinkdrift.core.state.ArrayFormat;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Binary format of {@link CalibrationBuffer}. Version 1: capacity, G, size, next slot (ints),
 * calibration and infeasible counts (longs), then for each of the first {@code size} slots the
 * feature length (int), the features and the G loss values (doubles).
 */
public final class CalibrationBufferCodec implements StateCodec<CalibrationBuffer> {

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(CalibrationBuffer buffer, DataOutput out) throws IOException {
        out.writeInt(buffer.capacity());
        out.writeInt(buffer.gridSize);
        out.writeInt(buffer.size);
        out.writeInt(buffer.next);
        out.writeLong(buffer.calibrationCount);
        out.writeLong(buffer.infeasibleCount);
        for (int slot = 0; slot < buffer.size; slot++) {
            double[] features = buffer.features[slot];
            out.writeInt(features.length);
            ArrayFormat.writeDoubles(features, out);
            ArrayFormat.writeDoubles(buffer.lossCurves[slot], out);
        }
    }

    @Override
    public CalibrationBuffer read(DataInput in, int version) throws IOException {
        int capacity = in.readInt();
        int gridSize = in.readInt();
        int size = in.readInt();
        int next = in.readInt();
        if (capacity < 1 || gridSize < 1 || size < 0 || size > capacity || next < 0 || next >= capacity) {
            throw new IOException("corrupt CalibrationBuffer header: capacity " + capacity + ", G "
                    + gridSize + ", size " + size + ", next " + next);
        }
        long calibrationCount = in.readLong();
        long infeasibleCount = in.readLong();
        double[][] features = new double[capacity][];
        double[][] lossCurves = new double[capacity][];
        for (int slot = 0; slot < size; slot++) {
            int dimension = in.readInt();
            if (dimension < 0) {
                throw new IOException("corrupt CalibrationBuffer: feature length " + dimension);
            }
            features[slot] = ArrayFormat.readDoubles(in, dimension);
            lossCurves[slot] = ArrayFormat.readDoubles(in, gridSize);
        }
        return new CalibrationBuffer(features, lossCurves, gridSize, size, next, calibrationCount,
                infeasibleCount);
    }
}
