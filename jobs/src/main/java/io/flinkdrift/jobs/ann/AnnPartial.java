package io.flinkdrift.jobs.ann;

/**
 * What one subtask adds to an {@code ann} summary between two flushes: a row of counts per report
 * period (its recall and mean scanned not yet computed) and, aligned with the rows, the sums of
 * recall and of scanned vectors. A Flink POJO.
 */
public class AnnPartial {

    /** Rows in increasing period order. */
    public AnnPeriodSummary[] rows = new AnnPeriodSummary[0];

    public double[] recallSums = new double[0];

    public double[] scannedSums = new double[0];

    public AnnPartial() {}
}
