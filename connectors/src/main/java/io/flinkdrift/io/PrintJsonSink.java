package io.flinkdrift.io;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * Prints each record as one JSON line to the task manager's standard output or standard error. Each
 * line is written with a single call, so lines of parallel writers in one JVM do not interleave.
 */
final class PrintJsonSink {

    private PrintJsonSink() {}

    /**
     * @param toStandardError print to {@code System.err} instead of {@code System.out}
     * @return a sink that prints each record as one JSON line
     */
    static <T> Sink<T> create(boolean toStandardError) {
        JsonLines<T> json = JsonLines.encoder();
        // A lambda, because Sink's one abstract writer factory takes an InitContext on Flink 1.20
        // and a WriterInitContext on Flink 2.x.
        return context -> new Writer<>(json, toStandardError ? System.err : System.out);
    }

    static final class Writer<T> implements SinkWriter<T> {

        private final JsonLines<T> json;
        private final PrintStream out;

        Writer(JsonLines<T> json, PrintStream out) {
            this.json = json;
            this.out = out;
        }

        @Override
        public void write(T record, Context context) {
            byte[] encoded = json.serialize(record);
            byte[] line = Arrays.copyOf(encoded, encoded.length + 1);
            line[encoded.length] = '\n';
            out.write(line, 0, line.length);
        }

        @Override
        public void flush(boolean endOfInput) {
            out.flush();
        }

        @Override
        public void close() {
            out.flush();
        }
    }
}
