package io.flinkdrift.jobs.runtime;

import io.flinkdrift.formats.ParseFunction;
import io.flinkdrift.jobs.cli.CommonOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How much input a bounded run reads, known before it starts, so that progress lines can give the
 * fraction done and the time left: the data lines of one {@code file:} (counted by the parser's
 * {@link ParseFunction#RECORDS_READ}) or the {@code --max-records} of a generator (counted by
 * {@link JobRunner#PROCESSED_COUNTER}, one output per record).
 *
 * @param counter the accumulator that counts the input read so far
 * @param total its value when the input is read
 */
record InputExtent(String counter, long total) {

    private static final String FILE = "file:";
    private static final String SYNTHETIC = "synthetic:";

    /**
     * The extent of the input of {@code options}, or null when it is unknown: Kafka, a directory, a
     * watched directory or an unbounded generator.
     */
    static InputExtent of(CommonOptions options) {
        String source = options.source;
        if (source.startsWith(SYNTHETIC)) {
            return options.maxRecords > 0 ? new InputExtent(JobRunner.PROCESSED_COUNTER, options.maxRecords) : null;
        }
        if (!source.startsWith(FILE) || options.monitorIntervalSeconds > 0) {
            return null;
        }
        Path file = Path.of(source.substring(FILE.length()));
        if (!Files.isRegularFile(file)) {
            return null;
        }
        long lines = lines(file);
        long header = hasHeader(options, file) && lines > 0 ? 1 : 0;
        return new InputExtent(ParseFunction.RECORDS_READ, lines - header);
    }

    private static boolean hasHeader(CommonOptions options, Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean json = options.format == null ? name.endsWith(".json") || name.endsWith(".jsonl")
                : options.format.equalsIgnoreCase("json");
        return !json && options.columns.isEmpty();
    }

    /** Lines in {@code file}, a last line without a line break included: one sequential read. */
    static long lines(Path file) {
        byte[] buffer = new byte[1 << 16];
        long lines = 0;
        byte last = '\n';
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                if (n > 0) {
                    last = buffer[n - 1];
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot count the lines of " + file, e);
        }
        return last == '\n' ? lines : lines + 1;
    }

    /** The fraction of the input read when {@code counter} has the value {@code read}, at most 1. */
    double fractionDone(long read) {
        return total == 0 ? 1 : Math.min(1.0, (double) read / total);
    }
}
