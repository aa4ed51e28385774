package io.flinkdrift.io;

import io.flinkdrift.records.TextLine;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a UTF-8 stream as lines with 0-based line numbers, bounding the bytes kept per line. Emitted
 * lines carry an empty {@code origin}; {@link BoundedLineFormat} fills it in from the split's path.
 *
 * <p>The reader never reports a byte-offset checkpoint position, so Flink restores it by reopening
 * the file at its start and skipping the already emitted lines. That is what keeps line numbers
 * correct after a restore: a byte offset alone could not tell which line number comes next.
 */
final class LineStreamFormat extends SimpleStreamFormat<TextLine> {

    private static final long serialVersionUID = 1L;
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int INITIAL_LINE_BYTES = 8 * 1024;

    private final int maxLineBytes;

    LineStreamFormat(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public StreamFormat.Reader<TextLine> createReader(Configuration config, FSDataInputStream stream) {
        return new LineReader(stream, maxLineBytes);
    }

    @Override
    public TypeInformation<TextLine> getProducedType() {
        return TypeInformation.of(TextLine.class);
    }

    /** Splits a byte stream at {@code \n}, dropping a {@code \r} right before it. */
    static final class LineReader implements StreamFormat.Reader<TextLine> {

        private final InputStream in;
        private final int maxLineBytes;
        private final byte[] readBuffer = new byte[READ_BUFFER_BYTES];
        private int readPos;
        private int readLimit;

        /** Holds up to {@code maxLineBytes + 1} bytes: one more than allowed, for a {@code \r}. */
        private byte[] line;
        private int lineLength;
        private boolean overflowed;
        private long nextLineNumber;

        LineReader(InputStream in, int maxLineBytes) {
            this.in = in;
            this.maxLineBytes = maxLineBytes;
            this.line = new byte[Math.min(INITIAL_LINE_BYTES, maxLineBytes + 1)];
        }

        @Nullable
        @Override
        public TextLine read() throws IOException {
            lineLength = 0;
            overflowed = false;
            boolean consumedAny = false;
            while (true) {
                if (readPos == readLimit && !fill()) {
                    return consumedAny ? emit(false) : null;
                }
                consumedAny = true;
                int newline = indexOfNewline();
                int end = newline < 0 ? readLimit : newline;
                append(readPos, end - readPos);
                if (newline >= 0) {
                    readPos = newline + 1;
                    return emit(true);
                }
                readPos = readLimit;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        private boolean fill() throws IOException {
            int n = in.read(readBuffer, 0, readBuffer.length);
            readPos = 0;
            readLimit = Math.max(n, 0);
            return n > 0;
        }

        private int indexOfNewline() {
            for (int i = readPos; i < readLimit; i++) {
                if (readBuffer[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        /** Keeps at most {@code maxLineBytes + 1} bytes of the line; remembers whether more came. */
        private void append(int from, int count) {
            int room = maxLineBytes + 1 - lineLength;
            int kept = Math.min(count, room);
            if (kept < count) {
                overflowed = true;
            }
            if (lineLength + kept > line.length) {
                int capacity = Math.max(2 * line.length, lineLength + kept);
                line = Arrays.copyOf(line, Math.min(maxLineBytes + 1, capacity));
            }
            System.arraycopy(readBuffer, from, line, lineLength, kept);
            lineLength += kept;
        }

        private TextLine emit(boolean endedWithNewline) {
            if (endedWithNewline && !overflowed && lineLength > 0 && line[lineLength - 1] == '\r') {
                lineLength--;
            }
            boolean oversized = overflowed || lineLength > maxLineBytes;
            String text = Utf8Prefix.decode(line, lineLength, maxLineBytes);
            return new TextLine("", nextLineNumber++, -1L, text, oversized);
        }
    }
}
