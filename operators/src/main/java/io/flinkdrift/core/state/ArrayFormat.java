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
        return readDoubles(in, new double[length]);
    }

    /** Fills all of {@code target} with values written by {@link #writeDoubles}; returns it. */
    public static double[] readDoubles(DataInput in, double[] target) throws IOException {
        for (int i = 0; i < target.length; i++) {
            target[i] = in.readDouble();
        }
        return target;
    }

    /** Writes every value of {@code values}. */
    public static void writeFloats(float[] values, DataOutput out) throws IOException {
        for (float value : values) {
            out.writeFloat(value);
        }
    }

    /** Reads {@code length} values written by {@link #writeFloats}. */
    public static float[] readFloats(DataInput in, int length) throws IOException {
        return readFloats(in, new float[length]);
    }

    /** Fills all of {@code target} with values written by {@link #writeFloats}; returns it. */
    public static float[] readFloats(DataInput in, float[] target) throws IOException {
        for (int i = 0; i < target.length; i++) {
            target[i] = in.readFloat();
        }
        return target;
    }
}
