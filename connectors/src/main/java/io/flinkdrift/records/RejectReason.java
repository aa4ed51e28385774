package io.flinkdrift.records;

/** Why an input record went to the dead-letter output. */
public enum RejectReason {
    /** The line is longer than the configured maximum. */
    OVERSIZED_LINE,
    /** A CSV row has a different number of columns than the header; a JSON line is not an object. */
    WRONG_COLUMN_COUNT,
    /** Not parseable at all (broken JSON, unbalanced quotes). */
    MALFORMED,
    /** A required column is absent. */
    MISSING_COLUMN,
    /** A feature, label, time or id value is not a number. */
    UNPARSABLE_NUMBER,
    /** A feature or a real-valued label is NaN or infinite. */
    NON_FINITE_VALUE,
    /** The feature vector's length differs from the stream's dimension. */
    WRONG_DIMENSION,
    /** A class label outside the fixed class list. */
    UNKNOWN_CLASS,
    /** A finite feature or real-valued label too large for a model's arithmetic to stay finite. */
    OUT_OF_RANGE
}
