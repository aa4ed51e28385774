package io.flinkdrift.operators.state;

import io.flinkdrift.core.state.StateCodec;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

import java.io.IOException;
import java.util.Objects;

/**
 * A Flink {@link TypeSerializer} for algorithm state described by a {@link StateCodec}: the
 * explicit, versioned alternative to Kryo for every model kept in managed state.
 *
 * <p>Each value is written as its codec format version (an int) followed by the codec's bytes, so
 * values written by any earlier format stay readable; the serializer snapshot records the codec
 * class, and a restore with the same codec class is compatible as is.
 *
 * <p>State that an earlier release kept as a Flink POJO moves to a codec with {@link
 * #replacingPojo}: a restore whose state was written by the {@code PojoSerializer} of that class is
 * then compatible after migration, so Flink reads it with the old POJO serializer and writes it with
 * this one (the heap backend as it restores, RocksDB when the state is first registered).
 *
 * @param <T> the state type
 */
public final class CodecSerializer<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    private final Class<? extends StateCodec<T>> codecClass;
    /** The POJO class whose state this serializer migrates, or null. */
    private final Class<T> replacedPojo;
    private transient StateCodec<T> codec;

    public CodecSerializer(Class<? extends StateCodec<T>> codecClass) {
        this(codecClass, null);
    }

    private CodecSerializer(Class<? extends StateCodec<T>> codecClass, Class<T> replacedPojo) {
        this.codecClass = Objects.requireNonNull(codecClass);
        this.replacedPojo = replacedPojo;
    }

    /**
     * The serializer of {@code codecClass} for state that earlier releases kept as the Flink POJO
     * {@code pojoClass}: besides state of this codec, it restores state that Flink's {@code
     * PojoSerializer} of {@code pojoClass} wrote, by migration.
     */
    public static <T> CodecSerializer<T> replacingPojo(Class<T> pojoClass, Class<? extends StateCodec<T>> codecClass) {
        return new CodecSerializer<>(codecClass, Objects.requireNonNull(pojoClass));
    }

    private StateCodec<T> codec() {
        if (codec == null) {
            codec = InstantiationUtil.instantiate(codecClass);
        }
        return codec;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return new CodecSerializer<>(codecClass, replacedPojo);
    }

    @Override
    public T createInstance() {
        return null;
    }

    @Override
    public T copy(T from) {
        return from == null ? null : codec().copy(from);
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        StateCodec<T> c = codec();
        target.writeInt(c.version());
        c.write(record, target);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        StateCodec<T> c = codec();
        int version = source.readInt();
        if (version < 1 || version > c.version()) {
            throw new IOException(codecClass.getName() + " cannot read format version " + version
                    + " (this release reads 1.." + c.version() + ')');
        }
        return c.read(source, version);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    /** Equal to a serializer of the same codec: they read and write the same format. */
    @Override
    public boolean equals(Object obj) {
        return obj instanceof CodecSerializer && ((CodecSerializer<?>) obj).codecClass == codecClass;
    }

    @Override
    public int hashCode() {
        return codecClass.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new Snapshot<>(codecClass, replacedPojo);
    }

    /**
     * Records the codec class; values carry their own format version. The POJO class a serializer
     * replaces is not written: only the snapshot of the serializer being registered judges a restored
     * snapshot ({@link #resolveSchemaCompatibility}).
     */
    public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {

        private static final int VERSION = 1;

        private Class<? extends StateCodec<T>> codecClass;
        private Class<T> replacedPojo;

        /** Used by Flink when reading a snapshot. */
        public Snapshot() {}

        Snapshot(Class<? extends StateCodec<T>> codecClass, Class<T> replacedPojo) {
            this.codecClass = codecClass;
            this.replacedPojo = replacedPojo;
        }

        @Override
        public int getCurrentVersion() {
            return VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(codecClass.getName());
        }

        @Override
        @SuppressWarnings("unchecked")
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            String name = in.readUTF();
            try {
                codecClass = (Class<? extends StateCodec<T>>) Class.forName(name, false, classLoader);
            } catch (ClassNotFoundException e) {
                throw new IOException("State codec " + name + " is not on the classpath", e);
            }
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            return new CodecSerializer<>(codecClass, replacedPojo);
        }

        /**
         * Compatible as is with a snapshot of the same codec class; compatible after migration with a
         * POJO snapshot of the class this serializer replaces whose fields today's class can still
         * read (as Flink's own POJO serializer judges it); incompatible otherwise.
         */
        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
            if (oldSnapshot instanceof Snapshot && ((Snapshot<T>) oldSnapshot).codecClass == codecClass) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            if (replacedPojo != null && oldSnapshot instanceof PojoSerializerSnapshot
                    && !TypeInformation.of(replacedPojo).createSerializer(new SerializerConfigImpl())
                            .snapshotConfiguration().resolveSchemaCompatibility(oldSnapshot).isIncompatible()) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
