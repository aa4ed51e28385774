package io.flinkdrift.core.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One codec's value inside another's, each with its own format version: the nested value is
 * written as its codec's current version (an int) followed by its bytes, and read with the version
 * that was written, so a nested format can change without the enclosing codec misreading old state.
 */
public final class NestedCodecs {

    private NestedCodecs() {}

    /** Writes {@code codec}'s current version, then {@code value} in that format. */
    public static <T> void write(StateCodec<T> codec, T value, DataOutput out) throws IOException {
        out.writeInt(codec.version());
        codec.write(value, out);
    }

    /** Reads a value written by {@link #write}, in the format version stored before it. */
    public static <T> T read(StateCodec<T> codec, DataInput in) throws IOException {
        int version = in.readInt();
        if (version < 1 || version > codec.version()) {
            throw new IOException(codec.getClass().getName() + " cannot read format version " + version
                    + " (this release reads 1.." + codec.version() + ')');
        }
        return codec.read(in, version);
    }

    /**
     * Reads a nested value of an enclosing format that may predate nested versions: from
     * {@code firstVersionedFormat} on, the enclosing codec wrote them ({@link #read}); before, it
     * wrote the nested value bare, always in the nested codec's format 1.
     *
     * @param enclosingVersion the format version the enclosing value was written in
     */
    public static <T> T read(StateCodec<T> codec, DataInput in, int enclosingVersion, int firstVersionedFormat)
            throws IOException {
        return enclosingVersion >= firstVersionedFormat ? read(codec, in) : codec.read(in, 1);
    }

    /** Writes an array's length, then its values. */
    public static void writeDoubles(double[] values, DataOutput out) throws IOException {
        out.writeInt(values.length);
        ArrayFormat.writeDoubles(values, out);
    }

    /** Reads an array written by {@link #writeDoubles}, refusing a length outside [0, maxLength]. */
    public static double[] readDoubles(DataInput in, int maxLength) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > maxLength) {
            throw new IOException(
                    "Corrupt state: array length " + length + " outside [0, " + maxLength + ']');
        }
        return ArrayFormat.readDoubles(in, length);
    }
}
