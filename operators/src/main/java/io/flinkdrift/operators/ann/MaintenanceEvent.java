package io.flinkdrift.operators.ann;

/**
 * One maintenance run of {@link AnnCoordinator} (a Flink POJO): the policy, the version it ended at,
 * the event time of the insert that triggered it, its wall time in the coordinator and what it moved.
 */
public class MaintenanceEvent {

    public AnnMaintenance policy;
    public long version;
    public long timestamp;
    public long nanos;
    public long reassignedVectors;
    public long reencodedVectors;
    public int liveVectors;

    public MaintenanceEvent() {}

    /** The share of the live vectors whose code this run recomputed (0 with no live vector). */
    public double reencodedFraction() {
        return liveVectors == 0 ? 0 : (double) reencodedVectors / liveVectors;
    }
}
