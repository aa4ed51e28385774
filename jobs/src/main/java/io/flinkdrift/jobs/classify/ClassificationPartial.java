package io.flinkdrift.jobs.classify;

/**
 * What one subtask adds to a classification summary between two flushes: predictions made, the
 * metrics of the labelled ones (in {@code ClassificationMetricsCodec} format, empty when none was
 * labelled) and labelled and correct counts per window of ids. A Flink POJO.
 */
public class ClassificationPartial {

    public long records;

    public byte[] metrics = new byte[0];

    /** Window indices (id / window size), each once, ascending. */
    public long[] windows = new long[0];

    public long[] windowLabelled = new long[0];

    public long[] windowCorrect = new long[0];

    public ClassificationPartial() {}
}
