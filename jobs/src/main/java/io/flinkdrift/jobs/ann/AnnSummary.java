package io.flinkdrift.jobs.ann;

import java.io.Serializable;

/** The results of a whole {@code ann} run. A Flink POJO, serializable for the accumulator. */
public class AnnSummary implements Serializable {

    private static final long serialVersionUID = 1L;

    public long queries;
    public long sampled;
    /** Mean k-recall@k over all sampled queries; NaN when none. */
    public double recall = Double.NaN;
    public double meanScanned = Double.NaN;
    public long maintenanceRuns;
    public double maintenanceMs;
    /** Per report period, ascending. */
    public AnnPeriodSummary[] periods = new AnnPeriodSummary[0];

    public AnnSummary() {}
}
