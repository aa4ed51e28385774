package io.flinkdrift.io;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.api.common.serialization.SerializationSchema;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Encodes records as single-line JSON objects, the one encoding of all sinks. A record's public fields
 * become the object's members (getters are ignored), sorted by name so the layout does not depend on
 * the JVM's field order. {@code double}/{@code float} values that are NaN or infinite, alone, boxed or
 * in arrays, are written as {@code null}, so every line is valid JSON (RFC 8259 has no NaN).
 *
 * <p>As a {@link SerializationSchema} (Kafka values) a record becomes the JSON bytes without line
 * terminator; as an {@link Encoder} (files) the JSON followed by {@code \n}.
 *
 * @param <T> the record type: a POJO with public fields, a boxed primitive, a String, or a collection
 * @throws IllegalArgumentException from {@link #serialize} if Jackson cannot encode a record
 */
public final class JsonLines<T> implements SerializationSchema<T>, Encoder<T> {

    private static final long serialVersionUID = 1L;

    /** Created on first use: the mapper is not part of the serialized job graph. */
    private transient ObjectMapper mapper;

    private JsonLines() {}

    /** A new encoder for records of any type. */
    public static <T> JsonLines<T> encoder() {
        return new JsonLines<>();
    }

    @Override
    public byte[] serialize(T record) {
        try {
            return mapper().writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "Cannot encode a " + record.getClass().getName() + " as JSON: " + e.getOriginalMessage(),
                    e);
        }
    }

    @Override
    public void encode(T record, OutputStream stream) throws IOException {
        stream.write(serialize(record));
        stream.write('\n');
    }

    private ObjectMapper mapper() {
        if (mapper == null) {
            mapper = newMapper();
        }
        return mapper;
    }

    /**
     * The Jackson module that writes NaN and infinite {@code double}/{@code float} values (alone,
     * boxed or in arrays) as {@code null}, for any mapper that must write valid JSON.
     */
    public static SimpleModule finiteNumbers() {
        return new SimpleModule("finite-numbers")
                .addSerializer(Double.class, new FiniteDouble())
                .addSerializer(Double.TYPE, new FiniteDouble())
                .addSerializer(Float.class, new FiniteFloat())
                .addSerializer(Float.TYPE, new FiniteFloat())
                .addSerializer(double[].class, new FiniteDoubleArray())
                .addSerializer(float[].class, new FiniteFloatArray());
    }

    static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .addModule(finiteNumbers())
                .build();
    }

    private static void writeFinite(double value, JsonGenerator gen) throws IOException {
        if (Double.isFinite(value)) {
            gen.writeNumber(value);
        } else {
            gen.writeNull();
        }
    }

    private static final class FiniteDouble extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            writeFinite(value, gen);
        }
    }

    private static final class FiniteFloat extends JsonSerializer<Float> {
        @Override
        public void serialize(Float value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (Float.isFinite(value)) {
                gen.writeNumber(value);
            } else {
                gen.writeNull();
            }
        }
    }

    private static final class FiniteDoubleArray extends JsonSerializer<double[]> {
        @Override
        public void serialize(double[] values, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeStartArray(values, values.length);
            for (double value : values) {
                writeFinite(value, gen);
            }
            gen.writeEndArray();
        }
    }

    private static final class FiniteFloatArray extends JsonSerializer<float[]> {
        @Override
        public void serialize(float[] values, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeStartArray(values, values.length);
            for (float value : values) {
                if (Float.isFinite(value)) {
                    gen.writeNumber(value);
                } else {
                    gen.writeNull();
                }
            }
            gen.writeEndArray();
        }
    }
}
