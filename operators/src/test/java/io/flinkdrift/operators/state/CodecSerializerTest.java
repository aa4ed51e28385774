package io.flinkdrift.operators.state;

import io.flinkdrift.core.learners.MajorityClassifier;
import io.flinkdrift.core.learners.NoChangeClassifier;
import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.operators.records.LabelCodec;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Label;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodecSerializerTest {

    private static final double[] X = {1.0};

    @Test
    void serializesThroughTheCodecWithAVersionPrefix() throws IOException {
        MajorityClassifier model = new MajorityClassifier();
        model.learn(X, 0);
        model.learn(X, 2);
        CodecSerializer<MajorityClassifier> serializer = new CodecSerializer<>(MajorityClassifier.Codec.class);
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(model, out);

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertEquals(1, in.readInt());
        // 3 classes: int + 3 longs + version long
        assertEquals(4 + 3 * 8 + 8, in.available());

        MajorityClassifier restored = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertArrayEquals(model.predictProbabilities(X), restored.predictProbabilities(X), 0);
        assertNotSame(model, serializer.copy(model));
    }

    @Test
    void refusesAFormatNewerThanItKnows() {
        DataOutputSerializer out = new DataOutputSerializer(16);
        CodecSerializer<NoChangeClassifier> serializer = new CodecSerializer<>(NoChangeClassifier.Codec.class);
        IOException error = assertThrows(IOException.class, () -> {
            out.writeInt(2);
            serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        });
        assertTrue(error.getMessage().contains("format version 2"), error.getMessage());
    }

    @Test
    void snapshotRestoresTheSameSerializerAndIsCompatibleOnlyWithTheSameCodec() throws IOException {
        CodecSerializer<NoChangeClassifier> serializer = new CodecSerializer<>(NoChangeClassifier.Codec.class);
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<NoChangeClassifier> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        TypeSerializer<NoChangeClassifier> restoredSerializer = restored.restoreSerializer();
        assertEquals(serializer, restoredSerializer);
        assertTrue(serializer.snapshotConfiguration().resolveSchemaCompatibility(restored).isCompatibleAsIs());

        CodecSerializer<NoChangeClassifier> other = new CodecSerializer<>(OtherCodec.class);
        assertTrue(other.snapshotConfiguration().resolveSchemaCompatibility(restored).isIncompatible());
    }

    @Test
    void aSerializerReplacingAPojoMigratesStateOfThatPojoOnly() throws IOException {
        CodecSerializer<Label> replacing = CodecSerializer.replacingPojo(Label.class, LabelCodec.class);
        TypeSerializerSnapshot<Label> labelPojo = restored(TypeInformation.of(Label.class));
        assertTrue(labelPojo instanceof PojoSerializerSnapshot);
        assertTrue(replacing.snapshotConfiguration().resolveSchemaCompatibility(labelPojo).isCompatibleAfterMigration());
        assertTrue(replacing.duplicate().snapshotConfiguration().resolveSchemaCompatibility(labelPojo)
                .isCompatibleAfterMigration());
        assertTrue(new CodecSerializer<>(LabelCodec.class).snapshotConfiguration().resolveSchemaCompatibility(labelPojo)
                .isIncompatible(), "without replacingPojo, POJO state is refused");

        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSnapshot<Label> examplePojo = (TypeSerializerSnapshot) restored(TypeInformation.of(Example.class));
        assertTrue(replacing.snapshotConfiguration().resolveSchemaCompatibility(examplePojo).isIncompatible(),
                "POJO state of another class is refused");

        TypeSerializerSnapshot<Label> codec = restored(replacing);
        assertTrue(replacing.snapshotConfiguration().resolveSchemaCompatibility(codec).isCompatibleAsIs());
        assertEquals(new CodecSerializer<>(LabelCodec.class), codec.restoreSerializer());
        assertEquals(replacing, codec.restoreSerializer());
    }

    /** The snapshot of {@code type}'s serializer (as Flink creates it), written and read back. */
    private <T> TypeSerializerSnapshot<T> restored(TypeInformation<T> type) throws IOException {
        return restored(type.createSerializer(new SerializerConfigImpl()));
    }

    private <T> TypeSerializerSnapshot<T> restored(TypeSerializer<T> serializer) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        return TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(out.getCopyOfBuffer()),
                getClass().getClassLoader());
    }

    /** A different format for the same type, to check that snapshots tell codecs apart. */
    public static final class OtherCodec implements StateCodec<NoChangeClassifier> {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(NoChangeClassifier value, DataOutput out) {}

        @Override
        public NoChangeClassifier read(DataInput in, int version) {
            return new NoChangeClassifier();
        }
    }
}
