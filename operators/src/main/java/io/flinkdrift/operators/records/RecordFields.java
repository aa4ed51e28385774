package io.flinkdrift.operators.records;

import io.flinkdrift.core.state.ArrayFormat;
import io.flinkdrift.core.state.NestedCodecs;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The field encodings the record formats share, each of which keeps a null apart from every value:
 * a string or an array is an int length (-1 for null) followed by its elements (a string's UTF-8
 * bytes, without the 64 KB limit of {@link DataOutput#writeUTF}); a nested record is a boolean
 * (whether present) followed by its codec's version and format ({@link NestedCodecs}).
 */
final class RecordFields {

    private static final int NULL = -1;

    private RecordFields() {}

    static void writeString(String value, DataOutput out) throws IOException {
        if (value == null) {
            out.writeInt(NULL);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInput in) throws IOException {
        int length = readLength(in);
        if (length == NULL) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static void writeStrings(String[] values, DataOutput out) throws IOException {
        if (values == null) {
            out.writeInt(NULL);
            return;
        }
        out.writeInt(values.length);
        for (String value : values) {
            writeString(value, out);
        }
    }

    static String[] readStrings(DataInput in) throws IOException {
        int length = readLength(in);
        if (length == NULL) {
            return null;
        }
        String[] values = new String[length];
        for (int i = 0; i < length; i++) {
            values[i] = readString(in);
        }
        return values;
    }

    static void writeDoubles(double[] values, DataOutput out) throws IOException {
        if (values == null) {
            out.writeInt(NULL);
            return;
        }
        out.writeInt(values.length);
        ArrayFormat.writeDoubles(values, out);
    }

    static double[] readDoubles(DataInput in) throws IOException {
        int length = readLength(in);
        return length == NULL ? null : ArrayFormat.readDoubles(in, length);
    }

    static void writeInts(int[] values, DataOutput out) throws IOException {
        if (values == null) {
            out.writeInt(NULL);
            return;
        }
        out.writeInt(values.length);
        for (int value : values) {
            out.writeInt(value);
        }
    }

    static int[] readInts(DataInput in) throws IOException {
        int length = readLength(in);
        if (length == NULL) {
            return null;
        }
        int[] values = new int[length];
        for (int i = 0; i < length; i++) {
            values[i] = in.readInt();
        }
        return values;
    }

    static <T> void writeNested(StateCodec<T> codec, T value, DataOutput out) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            NestedCodecs.write(codec, value, out);
        }
    }

    static <T> T readNested(StateCodec<T> codec, DataInput in) throws IOException {
        return in.readBoolean() ? NestedCodecs.read(codec, in) : null;
    }

    private static int readLength(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < NULL) {
            throw new IOException("Corrupt state: length " + length);
        }
        return length;
    }
}
