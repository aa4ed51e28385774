package io.flinkdrift.operators.ann;

/**
 * One maintenance round of a {@link ShardedAnnPipeline} (a Flink POJO), emitted by shard 0 when it
 * applies the round: the boundary, the index version after it, the live vectors of all shards, and
 * what reached the {@link RoundCoordinator} for it — statistic events and the numbers they carried
 * (K·(d + 2) per shard once trained, whatever the number of inserts).
 */
public class RoundReport {

    public long boundary;
    /** The quantizer version after the round; −1 while untrained. */
    public long version;
    public long liveVectors;
    /** Quantizer updates the round published (training's version 0, a maintenance step). */
    public int updates;
    /** Wall time of the coordinator's planning for the round. */
    public long coordinatorNanos;
    public long coordinatorEvents;
    public long coordinatorNumbers;

    public RoundReport() {}
}
