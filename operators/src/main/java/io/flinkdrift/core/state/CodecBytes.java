package io.flinkdrift.core.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A value as bytes in its {@link StateCodec} format, preceded by the format version (as {@link
 * NestedCodecs} writes it): how records carry algorithm objects (metrics) between operators without
 * Kryo, and how state fixtures are stored.
 */
public final class CodecBytes {

    private CodecBytes() {}

    /** {@code value} as the codec's version (an int) followed by its current format. */
    public static <T> byte[] encode(StateCodec<T> codec, T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            NestedCodecs.write(codec, value, out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory encoding failed", e);
        }
    }

    /** The value {@link #encode} wrote. */
    public static <T> T decode(StateCodec<T> codec, byte[] encoded) {
        try {
            return NestedCodecs.read(codec, new DataInputStream(new ByteArrayInputStream(encoded)));
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt encoded " + codec.getClass().getSimpleName() + " value", e);
        }
    }
}
