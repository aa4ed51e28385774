package io.flinkdrift.records;

import java.util.Objects;

/**
 * A dead-letter entry: input that could not become an {@link Example}, kept with the reason and
 * where it came from so that no input silently disappears.
 *
 * <p>A Flink POJO. {@link #raw} is truncated to {@link #MAX_RAW_CHARS} characters so that one
 * oversized line cannot blow up the dead-letter output.
 */
public class RejectedRecord {

    /** Longest raw text kept in a dead-letter entry. */
    public static final int MAX_RAW_CHARS = 4096;

    /** Where the input came from: a file path, {@code topic-partition}, or a generator name. */
    public String origin = "";

    /** Position within the origin: 0-based line number or Kafka offset. */
    public long position;

    /** One of the {@link RejectReason} names. */
    public String reason = "";

    /** Human-readable detail, e.g. which column failed to parse. */
    public String detail = "";

    /** The raw input, truncated to {@link #MAX_RAW_CHARS}. */
    public String raw = "";

    public RejectedRecord() {}

    public RejectedRecord(String origin, long position, RejectReason reason, String detail, String raw) {
        this.origin = origin;
        this.position = position;
        this.reason = reason.name();
        this.detail = detail;
        this.raw = raw.length() <= MAX_RAW_CHARS ? raw : raw.substring(0, MAX_RAW_CHARS);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RejectedRecord)) {
            return false;
        }
        RejectedRecord that = (RejectedRecord) o;
        return position == that.position
                && origin.equals(that.origin)
                && reason.equals(that.reason)
                && detail.equals(that.detail)
                && raw.equals(that.raw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, position, reason, detail, raw);
    }

    @Override
    public String toString() {
        return "RejectedRecord{" + origin + ':' + position + ' ' + reason + " (" + detail + ")}";
    }
}
