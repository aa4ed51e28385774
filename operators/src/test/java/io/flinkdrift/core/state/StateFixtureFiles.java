package io.flinkdrift.core.state;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Byte fixtures of state formats, stored as {@code CodecSerializer} stores a value: the codec's
 * format version (an int), then the codec's bytes; one file {@code NAME-vVERSION.bin} per state
 * and format version under {@code src/test/resources}.
 */
public final class StateFixtureFiles {

    private StateFixtureFiles() {}

    /** {@code value} in the current format, preceded by the format version. */
    public static <T> byte[] encode(StateCodec<T> codec, T value) {
        return CodecBytes.encode(codec, value);
    }

    /**
     * The value of {@code bytes}, read in the format version they start with.
     *
     * @throws IOException if the bytes are corrupt, or longer than the value they hold
     */
    public static <T> T decode(StateCodec<T> codec, byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        T value = codec.read(in, in.readInt());
        if (in.read() != -1) {
            throw new IOException("trailing bytes after the value");
        }
        return value;
    }

    /** The fixture {@code NAME-vVERSION.bin} of {@code folder} on the test class path. */
    public static byte[] load(String folder, String name, int version) throws IOException {
        String resource = "/" + folder + "/" + name + "-v" + version + ".bin";
        try (InputStream in = StateFixtureFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing fixture " + resource);
            }
            return in.readAllBytes();
        }
    }

    /** Writes {@code value} in the current format to {@code directory/NAME-vVERSION.bin}. */
    public static <T> void save(Path directory, String name, StateCodec<T> codec, T value) throws IOException {
        Files.createDirectories(directory);
        Files.write(directory.resolve(name + "-v" + codec.version() + ".bin"), encode(codec, value));
    }
}
