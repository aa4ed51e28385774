package io.flinkdrift.formats;

import io.flinkdrift.records.Example;
import io.flinkdrift.records.RejectedRecord;

/**
 * The outcome of parsing one {@link io.flinkdrift.records.TextLine}: an accepted {@link Example}, a
 * {@link RejectedRecord} for the dead-letter output, or a consumed CSV header line.
 */
public final class ParseResult {

    /** What became of the line. */
    public enum Kind {
        /** The line became an {@link Example}. */
        ACCEPTED,
        /** The line became a {@link RejectedRecord}. */
        REJECTED,
        /** The line was a CSV header and was consumed. */
        HEADER
    }

    private static final ParseResult HEADER_RESULT = new ParseResult(Kind.HEADER, null, null);

    private final Kind kind;
    private final Example example;
    private final RejectedRecord rejected;

    private ParseResult(Kind kind, Example example, RejectedRecord rejected) {
        this.kind = kind;
        this.example = example;
        this.rejected = rejected;
    }

    static ParseResult accepted(Example example) {
        return new ParseResult(Kind.ACCEPTED, example, null);
    }

    static ParseResult rejected(RejectedRecord rejected) {
        return new ParseResult(Kind.REJECTED, null, rejected);
    }

    static ParseResult header() {
        return HEADER_RESULT;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The accepted example.
     *
     * @throws IllegalStateException if the kind is not {@link Kind#ACCEPTED}
     */
    public Example example() {
        if (kind != Kind.ACCEPTED) {
            throw new IllegalStateException("no example in a " + kind + " result");
        }
        return example;
    }

    /**
     * The dead-letter record.
     *
     * @throws IllegalStateException if the kind is not {@link Kind#REJECTED}
     */
    public RejectedRecord rejected() {
        if (kind != Kind.REJECTED) {
            throw new IllegalStateException("no rejected record in a " + kind + " result");
        }
        return rejected;
    }

    @Override
    public String toString() {
        switch (kind) {
            case ACCEPTED:
                return example.toString();
            case REJECTED:
                return rejected.toString();
            default:
                return "HEADER";
        }
    }
}
