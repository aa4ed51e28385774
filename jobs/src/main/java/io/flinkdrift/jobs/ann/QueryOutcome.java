package io.flinkdrift.jobs.ann;

/** One answered query for the summary (a Flink POJO): its cost and, when sampled, its recall. */
public class QueryOutcome {

    public long queryId;
    public long timestamp;
    public long version;
    public long scanned;
    /** k-recall@k against the exact neighbours; NaN when the query was not sampled. */
    public double recall = Double.NaN;

    public QueryOutcome() {}
}
