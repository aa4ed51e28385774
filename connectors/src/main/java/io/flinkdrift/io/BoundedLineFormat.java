package io.flinkdrift.io;

import io.flinkdrift.records.TextLine;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.impl.StreamFormatAdapter;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;

import javax.annotation.Nullable;

import java.io.IOException;

/**
 * Reads UTF-8 text files as {@link TextLine}s: one per line, terminated by {@code \n} or {@code \r\n}
 * (the terminator is not part of the text; a last line without terminator counts, empty lines are
 * emitted with empty text). {@code position} is the 0-based line number within the file, {@code origin}
 * the file's path as Flink names it (e.g. {@code file:/data/a.txt}), {@code sourceTimestamp} is -1.
 *
 * <p>A line longer than {@code maxLineBytes} bytes (without terminator) is emitted once with
 * {@code oversized = true} and its text cut to the longest prefix of whole characters that fits the
 * limit; at most {@code maxLineBytes + 1} bytes of it are held in memory and reading resumes at the
 * next line, whose number is unaffected. Malformed UTF-8 is decoded with replacement characters.
 *
 * <p>Files are not split: one reader reads each file in order. After a failure the reader reopens the
 * file and skips the lines already emitted, so restored line numbers are exact (at the cost of
 * re-reading the file's consumed prefix).
 */
public final class BoundedLineFormat implements BulkFormat<TextLine, FileSourceSplit> {

    private static final long serialVersionUID = 1L;

    /** Default maximum line length: 1 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

    /** Largest accepted maximum line length: 1 GiB. */
    public static final int MAX_MAX_LINE_BYTES = 1 << 30;

    private final StreamFormatAdapter<TextLine> lines;

    /** A format with the default maximum line length of {@value #DEFAULT_MAX_LINE_BYTES} bytes. */
    public BoundedLineFormat() {
        this(DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * @param maxLineBytes maximum bytes of a line's text, in [1, {@value #MAX_MAX_LINE_BYTES}]
     * @throws IllegalArgumentException if {@code maxLineBytes} is out of range
     */
    public BoundedLineFormat(int maxLineBytes) {
        checkMaxLineBytes(maxLineBytes);
        this.lines = new StreamFormatAdapter<>(new LineStreamFormat(maxLineBytes));
    }

    static void checkMaxLineBytes(int maxLineBytes) {
        if (maxLineBytes < 1 || maxLineBytes > MAX_MAX_LINE_BYTES) {
            throw new IllegalArgumentException(
                    "maxLineBytes must be in [1, " + MAX_MAX_LINE_BYTES + "], got " + maxLineBytes);
        }
    }

    @Override
    public Reader<TextLine> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new OriginReader(lines.createReader(config, split), split.path().toString());
    }

    @Override
    public Reader<TextLine> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        return new OriginReader(lines.restoreReader(config, split), split.path().toString());
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<TextLine> getProducedType() {
        return TypeInformation.of(TextLine.class);
    }

    /** Sets every emitted line's origin to the file path; positions pass through unchanged. */
    private static final class OriginReader implements Reader<TextLine> {

        private final Reader<TextLine> lines;
        private final String origin;

        OriginReader(Reader<TextLine> lines, String origin) {
            this.lines = lines;
            this.origin = origin;
        }

        @Nullable
        @Override
        public RecordIterator<TextLine> readBatch() throws IOException {
            RecordIterator<TextLine> batch = lines.readBatch();
            return batch == null ? null : new OriginIterator(batch, origin);
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }

    private static final class OriginIterator implements RecordIterator<TextLine> {

        private final RecordIterator<TextLine> batch;
        private final String origin;

        OriginIterator(RecordIterator<TextLine> batch, String origin) {
            this.batch = batch;
            this.origin = origin;
        }

        @Nullable
        @Override
        public RecordAndPosition<TextLine> next() {
            RecordAndPosition<TextLine> next = batch.next();
            if (next != null) {
                next.getRecord().origin = origin;
            }
            return next;
        }

        @Override
        public void releaseBatch() {
            batch.releaseBatch();
        }
    }
}
