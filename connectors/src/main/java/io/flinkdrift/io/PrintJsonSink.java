package io.flinkdrift.io;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * Prints each record as one JSON line to the task manager's standard output or standard error. Each
 * line is written with a single call, so lines of parallel writers in one JVM do not interleave.
 */
final class PrintJsonSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private final JsonLines<T> json = JsonLines.encoder();
    private final boolean toStandardError;

    /** @param toStandardError print to {@code System.err} instead of {@code System.out} */
    PrintJsonSink(boolean toStandardError) {
        this.toStandardError = toStandardError;
    }

    @Override
    @SuppressWarnings("deprecation") // the only abstract factory of Sink in Flink 1.20
    public SinkWriter<T> createWriter(InitContext context) {
        return new Writer<>(json, toStandardError ? System.err : System.out);
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
