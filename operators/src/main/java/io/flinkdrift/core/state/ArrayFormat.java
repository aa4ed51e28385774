package io.flinkdrift.core.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Primitive arrays inside a {@link StateCodec} format: the values one after another, big-endian,
 * without a length. A format that needs the length writes it itself, before the values.
 */
public final class ArrayFormat {

    private ArrayFormat() {}

    /** Writes every value of {@code values}. */
    public static void writeDoubles(double[] values, DataOutput out) throws IOException {
        for (double value : values) {
            out.writeDouble(value);
        }
    }

    /** Reads {@code length} values written by {@link #writeDoubles}. */
    public static double[] readDoubles(DataInput in, int length) throws IOException {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }

    /** Writes every value of {@code values}. */
    public static void writeFloats(float[] values, DataOutput out) throws IOException {
        for (float value : values) {
            out.writeFloat(value);
        }
    }

    /** Reads {@code length} values written by {@link #writeFloats}. */
    public static float[] readFloats(DataInput in, int length) throws IOException {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }
}
