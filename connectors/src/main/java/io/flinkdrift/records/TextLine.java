package io.flinkdrift.records;

import java.util.Objects;

/**
 * One raw line of text input with its provenance, before parsing. File and Kafka sources emit
 * these; the parser turns each into an {@link Example} or a {@link RejectedRecord}. A Flink POJO.
 */
public class TextLine {

    /** A file path, or {@code topic-partition} for Kafka. */
    public String origin = "";

    /** 0-based line number within the file, or the Kafka offset. */
    public long position;

    /** The source's own timestamp (Kafka record time) in ms, or -1 when it has none. */
    public long sourceTimestamp = -1;

    /** The line without its terminator; truncated when {@link #oversized}. */
    public String text = "";

    /** Whether the line exceeded the reader's maximum length (its text is then a prefix). */
    public boolean oversized;

    public TextLine() {}

    public TextLine(String origin, long position, long sourceTimestamp, String text, boolean oversized) {
        this.origin = origin;
        this.position = position;
        this.sourceTimestamp = sourceTimestamp;
        this.text = text;
        this.oversized = oversized;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TextLine)) {
            return false;
        }
        TextLine that = (TextLine) o;
        return position == that.position
                && sourceTimestamp == that.sourceTimestamp
                && oversized == that.oversized
                && origin.equals(that.origin)
                && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, position, sourceTimestamp, text, oversized);
    }

    @Override
    public String toString() {
        return "TextLine{" + origin + ':' + position + (oversized ? " oversized" : "") + " '" + text + "'}";
    }
}
