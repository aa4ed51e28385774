package io.flinkdrift.operators.learning;

import io.flinkdrift.core.state.StateCodec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * One key's model as it was right after an update, emitted on {@link KeyedModel#SNAPSHOTS} every N
 * updates so that model versions can be persisted and inspected outside Flink. {@link #state} is
 * the learner's {@code StateCodec} output in format {@link #formatVersion}: decode it with {@code
 * codec.read(new DataInputStream(new ByteArrayInputStream(state)), formatVersion)}. A Flink POJO.
 */
public class ModelSnapshot {

    /** The model key. */
    public String key = "";

    /** Number of updates the model has received, the version its next prediction carries. */
    public long modelVersion;

    /** Event time of the update that completed this version, in milliseconds. */
    public long timestamp;

    /** Format version of {@link #state}, from {@code StateCodec#version()}. */
    public int formatVersion;

    /** The model written by its codec. */
    public byte[] state = new byte[0];

    public ModelSnapshot() {}

    public ModelSnapshot(String key, long modelVersion, long timestamp, int formatVersion, byte[] state) {
        this.key = key;
        this.modelVersion = modelVersion;
        this.timestamp = timestamp;
        this.formatVersion = formatVersion;
        this.state = state;
    }

    /** The snapshot of {@code value} written by {@code codec} in its current format. */
    public static <T> ModelSnapshot of(String key, long modelVersion, long timestamp, StateCodec<T> codec, T value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            codec.write(value, new DataOutputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory model snapshot failed", e);
        }
        return new ModelSnapshot(key, modelVersion, timestamp, codec.version(), bytes.toByteArray());
    }

    /** The value {@link #state} holds, read by {@code codec} in format {@link #formatVersion}. */
    public <T> T decode(StateCodec<T> codec) throws IOException {
        return codec.read(new DataInputStream(new ByteArrayInputStream(state)), formatVersion);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ModelSnapshot)) {
            return false;
        }
        ModelSnapshot that = (ModelSnapshot) o;
        return modelVersion == that.modelVersion && timestamp == that.timestamp
                && formatVersion == that.formatVersion && Objects.equals(key, that.key)
                && Arrays.equals(state, that.state);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, modelVersion, timestamp, formatVersion, Arrays.hashCode(state));
    }

    @Override
    public String toString() {
        return "ModelSnapshot{key='" + key + "', modelVersion=" + modelVersion + ", timestamp=" + timestamp
                + ", formatVersion=" + formatVersion + ", bytes=" + state.length + '}';
    }
}
