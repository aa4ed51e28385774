package io.flinkdrift.jobs.classify;

import io.flinkdrift.jobs.runtime.WindowPartial;

/**
 * What one subtask adds to a classification summary between two flushes: predictions made, the
 * metrics of the labelled ones (in {@code ClassificationMetricsCodec} format, empty when none was
 * labelled), the no-change baseline's counts and the window totals (columns of {@link
 * ClassificationSummaryFunction}). A Flink POJO.
 */
public class ClassificationPartial {

    public long records;

    public byte[] metrics = new byte[0];

    /** Predictions labelled when made, the ones the no-change baseline is evaluated on. */
    public long noChangeEvaluated;

    /** Those whose label equals the previous label of their key. */
    public long noChangeCorrect;

    public WindowPartial windows = new WindowPartial();

    public ClassificationPartial() {}
}
