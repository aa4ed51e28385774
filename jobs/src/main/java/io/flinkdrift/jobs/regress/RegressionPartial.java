package io.flinkdrift.jobs.regress;

/**
 * What one subtask adds to a regression summary between two flushes: predictions made, labelled
 * predictions without a finite value, and the metrics of the others (in {@code
 * RegressionMetricsCodec} format, empty when there were none). A Flink POJO.
 */
public class RegressionPartial {

    public long records;

    public long nonFinite;

    public byte[] metrics = new byte[0];

    public RegressionPartial() {}
}
