package io.flinkdrift.core.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The explicit, versioned binary format of one kind of algorithm state (a learner, a conformal
 * controller, a density estimator...), written with plain {@code java.io} so that algorithm cores
 * stay free of Flink classes. The Flink side wraps a codec in a {@code CodecSerializer}.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #write} always writes the {@link #version() current} format;
 *   <li>{@link #read} reads every format version from 1 up to the current one, so state written by
 *       an older release restores after an upgrade;
 *   <li>an implementation has a public no-argument constructor and no configuration: the state
 *       itself carries everything needed to rebuild the object;
 *   <li>a format that contains another codec's value writes and reads it through
 *       {@link NestedCodecs}, so the nested value is read in the version that was written even
 *       after the nested format has moved on.
 * </ul>
 *
 * @param <T> the state type
 */
public interface StateCodec<T> {

    /** The format version that {@link #write} produces; starts at 1 and only ever grows. */
    int version();

    /** Writes {@code value} in the current format. */
    void write(T value, DataOutput out) throws IOException;

    /** Reads a value written in format {@code version} (1 &le; version &le; {@link #version()}). */
    T read(DataInput in, int version) throws IOException;

    /** A deep copy, made by a write/read round trip; override when a cheaper copy exists. */
    default T copy(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            write(value, new DataOutputStream(bytes));
            return read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), version());
        } catch (IOException e) {
            throw new UncheckedIOException("In-memory copy of " + value.getClass().getName() + " failed", e);
        }
    }
}
