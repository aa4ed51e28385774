package io.flinkdrift.operators.sql;

import io.flinkdrift.operators.state.CodecSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;

/**
 * One partition's algorithm state in a process table function: the bytes that {@link
 * CodecSerializer} writes for the DataStream operators (the codec's format version, then the
 * codec's bytes), so a model, controller or estimator has one versioned format whichever API keeps
 * it, and every format an earlier release wrote stays readable. A structured type of Flink SQL
 * (public fields, no-argument constructor), declared to the planner by {@code @StateHint}.
 */
public class CodecState {

    /** The value in {@link CodecSerializer}'s format; null before the partition's first element. */
    public byte[] bytes;

    /**
     * For a learner, the number of features its model was created for, which every later element
     * must have; estimators and conformal controllers check what they need themselves and leave it 0.
     */
    public int dimension;

    /** The state's value, or null if there is none yet. */
    public <T> T read(CodecSerializer<T> serializer) throws IOException {
        return bytes == null ? null : serializer.deserialize(new DataInputDeserializer(bytes));
    }

    /** Replaces the state's value by {@code value}, in the current format of its codec. */
    public <T> void write(CodecSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        bytes = out.getCopyOfBuffer();
    }
}
