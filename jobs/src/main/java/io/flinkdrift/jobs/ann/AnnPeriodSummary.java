package io.flinkdrift.jobs.ann;

import java.io.Serializable;

/**
 * The queries and maintenance of one report period (event time {@code [period·length, (period+1)·length)})
 * of an {@code ann} run. A Flink POJO, serializable for the accumulator.
 */
public class AnnPeriodSummary implements Serializable {

    private static final long serialVersionUID = 1L;

    public long period;
    public long queries;
    /** Queries whose recall was measured. */
    public long sampled;
    /** Mean k-recall@k of the sampled queries; NaN when none. */
    public double recall = Double.NaN;
    public double meanScanned = Double.NaN;
    /** Highest quantizer version a query of the period was answered under. */
    public long version = -1;
    public long maintenanceRuns;
    /** Wall time of the period's maintenance runs in the coordinator. */
    public double maintenanceMs;
    public long reassignedVectors;
    public long reencodedVectors;

    public AnnPeriodSummary() {}
}
