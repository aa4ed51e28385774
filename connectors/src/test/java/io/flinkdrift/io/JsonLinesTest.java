package io.flinkdrift.io;

import io.flinkdrift.records.Example;
import io.flinkdrift.records.TextLine;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonLinesTest {

    /** Declared out of alphabetical order, with members Jackson must not pick up. */
    public static class Measurement {
        public String zone = "eu";
        public double value = Double.NaN;
        public Double boxed = Double.POSITIVE_INFINITY;
        public float ratio = Float.NEGATIVE_INFINITY;
        public double[] samples = {1.5, Double.NaN, Double.NEGATIVE_INFINITY, -2.0};
        public List<Double> history = List.of(0.25, Double.NaN);
        public int count = 3;
        private final int hidden = 7;

        public int getDerived() {
            return hidden * 2;
        }
    }

    @Test
    void writesPublicFieldsSortedByNameWithNonFiniteNumbersAsNull() throws Exception {
        String json = encode(new Measurement());

        assertEquals("{\"boxed\":null,\"count\":3,\"history\":[0.25,null],\"ratio\":null,"
                + "\"samples\":[1.5,null,null,-2.0],\"value\":null,\"zone\":\"eu\"}", json);
        // A strict parser (which rejects NaN tokens) accepts it.
        assertEquals(7, new ObjectMapper().readTree(json).size());
    }

    @Test
    void encodesTheProjectRecords() {
        Example unlabelled = new Example(42, "k", 1000, new double[] {0.5, Double.NaN}, Double.NaN, 2);
        assertEquals("{\"concept\":2,\"features\":[0.5,null],\"id\":42,\"key\":\"k\",\"label\":null,\"timestamp\":1000}",
                encode(unlabelled));
        assertEquals("{\"origin\":\"t-0\",\"oversized\":true,\"position\":5,\"sourceTimestamp\":-1,\"text\":\"a\\\"b\"}",
                encode(new TextLine("t-0", 5, -1, "a\"b", true)));
    }

    @Test
    void fileEncoderTerminatesEachRecordWithANewlineAndSurvivesJavaSerialization() throws Exception {
        JsonLines<TextLine> encoder = InstantiationUtil.clone(JsonLines.encoder());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encoder.encode(new TextLine("f", 0, -1, "x", false), out);
        encoder.encode(new TextLine("f", 1, -1, "y", false), out);

        assertEquals("{\"origin\":\"f\",\"oversized\":false,\"position\":0,\"sourceTimestamp\":-1,\"text\":\"x\"}\n"
                        + "{\"origin\":\"f\",\"oversized\":false,\"position\":1,\"sourceTimestamp\":-1,\"text\":\"y\"}\n",
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void stdoutSinkPrintsOneJsonLinePerRecord() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        SinkWriter<Example> writer = new PrintJsonSink.Writer<>(
                JsonLines.encoder(), new PrintStream(captured, false, StandardCharsets.UTF_8));
        writer.write(new Example(1, "", 10, new double[] {1.0}, 0.0, -1), null);
        writer.write(new Example(2, "", 20, new double[0], Double.NaN, -1), null);
        writer.flush(true);

        assertEquals("{\"concept\":-1,\"features\":[1.0],\"id\":1,\"key\":\"\",\"label\":0.0,\"timestamp\":10}\n"
                        + "{\"concept\":-1,\"features\":[],\"id\":2,\"key\":\"\",\"label\":null,\"timestamp\":20}\n",
                captured.toString(StandardCharsets.UTF_8));
    }

    private static <T> String encode(T record) {
        return new String(JsonLines.<T>encoder().serialize(record), StandardCharsets.UTF_8);
    }
}
