package io.flinkdrift.jobs.ann;

import io.flinkdrift.jobs.runtime.JobSummary;

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
    /** Per report period, ascending: the latest {@code WindowRetention.MAX_WINDOWS} periods. */
    public AnnPeriodSummary[] periods = new AnnPeriodSummary[0];
    /** Periods older than those in {@link #periods}, counted in the totals above only. */
    public long droppedPeriods;

    public AnnSummary() {}

    /** Adds the key figures to the terminal table of {@code summary}. */
    public void addFigures(JobSummary summary) {
        summary.figure("queries", queries)
                .figure("sampled for recall", sampled)
                .figure("recall@k", recall)
                .figure("vectors scanned per query", meanScanned)
                .figure("maintenance runs", maintenanceRuns)
                .figure("maintenance ms", maintenanceMs);
    }
}
