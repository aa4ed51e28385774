package io.flinkdrift.jobs.regress;

import io.flinkdrift.jobs.runtime.WindowPartial;

/**
 * What one subtask adds to a regression summary between two flushes: predictions made, labelled
 * predictions without a finite value, the metrics of the others (in {@code RegressionMetricsCodec}
 * format, empty when there were none), the no-change baseline's error sums and the window totals
 * (columns of {@link RegressionSummaryFunction}). A Flink POJO.
 */
public class RegressionPartial {

    public long records;

    public long nonFinite;

    public byte[] metrics = new byte[0];

    /** The no-change baseline's {count, sum of absolute errors, sum of squared errors}. */
    public double[] noChange = new double[3];

    public WindowPartial windows = new WindowPartial();

    public RegressionPartial() {}
}
