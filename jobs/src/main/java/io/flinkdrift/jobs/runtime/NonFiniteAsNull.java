package io.flinkdrift.jobs.runtime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;

/**
 * Writes NaN and infinite {@code double}s (fields, boxed values and array elements) as JSON {@code
 * null} instead of Jackson's default strings {@code "NaN"} and {@code "Infinity"}, which a reader
 * would take for text.
 */
final class NonFiniteAsNull {

    /** The module that installs both serializers. */
    static final SimpleModule MODULE = new SimpleModule("non-finite-as-null")
            .addSerializer(Double.class, new Scalar())
            .addSerializer(double.class, new Scalar())
            .addSerializer(double[].class, new Array());

    private NonFiniteAsNull() {}

    private static void write(double value, JsonGenerator generator) throws IOException {
        if (Double.isFinite(value)) {
            generator.writeNumber(value);
        } else {
            generator.writeNull();
        }
    }

    private static final class Scalar extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            write(value, generator);
        }
    }

    private static final class Array extends JsonSerializer<double[]> {
        @Override
        public void serialize(double[] values, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            generator.writeStartArray(values, values.length);
            for (double value : values) {
                write(value, generator);
            }
            generator.writeEndArray();
        }
    }
}
