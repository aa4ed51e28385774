package io.flinkdrift.core.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A codec as it would look after its next format change: version n + 1 of {@code current} appends
 * a marker after the version-n bytes, and reading version n + 1 requires the marker. A format that
 * nests {@code current} and reads it with the version that was written keeps reading its old bytes
 * through this codec; one that reads with the current version would look for a marker that was
 * never written.
 */
public final class BumpedCodec<T> implements StateCodec<T> {

    static final long MARKER = 0x5eedf00dL;

    private final StateCodec<T> current;

    public BumpedCodec(StateCodec<T> current) {
        this.current = current;
    }

    @Override
    public int version() {
        return current.version() + 1;
    }

    @Override
    public void write(T value, DataOutput out) throws IOException {
        current.write(value, out);
        out.writeLong(MARKER);
    }

    @Override
    public T read(DataInput in, int version) throws IOException {
        T value = current.read(in, Math.min(version, current.version()));
        if (version == version() && in.readLong() != MARKER) {
            throw new IOException("version " + version + " marker missing");
        }
        return value;
    }
}
