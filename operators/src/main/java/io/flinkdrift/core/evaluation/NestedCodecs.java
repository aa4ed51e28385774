package io.flinkdrift.core.evaluation;

import io.flinkdrift.core.state.ArrayFormat;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Writing one codec's value inside another's, with its own format version, and reading checks. */
final class NestedCodecs {

    private NestedCodecs() {}

    static <T> void write(StateCodec<T> codec, T value, DataOutput out) throws IOException {
        codec.writeWithVersion(value, out);
    }

    static <T> T read(StateCodec<T> codec, DataInput in) throws IOException {
        return codec.readWithVersion(in);
    }

    static void writeDoubles(double[] values, DataOutput out) throws IOException {
        out.writeInt(values.length);
        ArrayFormat.writeDoubles(values, out);
    }

    static double[] readDoubles(DataInput in, int maxLength) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > maxLength) {
            throw new IOException(
                    "Corrupt state: array length " + length + " outside [0, " + maxLength + ']');
        }
        return ArrayFormat.readDoubles(in, length);
    }
}
