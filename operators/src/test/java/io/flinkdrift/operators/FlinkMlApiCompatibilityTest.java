package io.flinkdrift.operators;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.ml.linalg.typeinfo.DenseVectorTypeInfo;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Which Flink lines the Flink ML API jars (flink-ml-core and flink-ml-servable-core 2.2.0, the
 * newest release, built against Flink 1.17) run on. Their type information implements only
 * {@code createSerializer(ExecutionConfig)}; Flink 1.x turns {@code createSerializer(SerializerConfig)}
 * into that call, while Flink 2.x removed the old method, so every Flink ML vector serializer fails
 * with {@link AbstractMethodError} there. This is why {@code io.flinkdrift.operators.ml} is built on
 * the Flink 1.20 line only (README, compatibility matrix).
 */
class FlinkMlApiCompatibilityTest {

    @Test
    void denseVectorSerializerRoundTripsOnFlink1AndIsMissingOnFlink2() throws IOException {
        SerializerConfig config = new SerializerConfigImpl();
        String flinkVersion = EnvironmentInformation.getVersion();
        if (flinkVersion.startsWith("1.")) {
            TypeSerializer<DenseVector> serializer = DenseVectorTypeInfo.INSTANCE.createSerializer(config);
            DenseVector vector = new DenseVector(new double[] {1.5, -2.0, 3.25});
            DataOutputSerializer out = new DataOutputSerializer(64);
            serializer.serialize(vector, out);
            assertEquals(vector, serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())));
        } else {
            assertEquals('2', flinkVersion.charAt(0), "Flink version " + flinkVersion);
            assertThrows(AbstractMethodError.class, () -> DenseVectorTypeInfo.INSTANCE.createSerializer(config));
        }
    }
}
