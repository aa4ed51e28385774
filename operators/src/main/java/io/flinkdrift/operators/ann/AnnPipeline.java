package io.flinkdrift.operators.ann;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Wires a sharded IVF-PQ index: commands → {@link AnnCoordinator} (parallelism 1) → broadcast →
 * {@code shards} × {@link AnnShard} → keyBy(query id) → {@link AnnMerge}.
 *
 * <p>Rescaling: a savepoint restores at any shard parallelism up to {@link #MAX_PARALLELISM}. The
 * shards and the merge have that explicit max parallelism, so it does not depend on the parallelism
 * a savepoint was taken at (the shard state re-partitions by id, see {@link AnnShard}; the merge's
 * keyed state is empty at every aligned checkpoint, since a query's partials all precede the barrier).
 * The coordinator always runs at parallelism 1 and holds operator state only; it keeps the
 * environment's max parallelism, the one its upstream operators have, because when it is chained
 * behind them (same parallelism 1) the chain's head decides the max parallelism a savepoint records,
 * and a fixed value of its own would then differ between parallelisms.
 *
 * @param log the coordinator's command log (parallelism 1), e.g. for {@link ExactSearch}
 * @param results the merged top-k of every query
 * @param maintenance one event per maintenance run
 */
public record AnnPipeline(DataStream<AnnCommand> log, DataStream<AnnResult> results,
        DataStream<MaintenanceEvent> maintenance) {

    /** The max parallelism of the shards and the merge: the most shards a savepoint can be restored to. */
    public static final int MAX_PARALLELISM = 128;

    /**
     * @param commands inserts and queries, in the order the index should see them (a union of two
     *     streams is fine: the coordinator defines the order)
     * @param coordinator the trainer/maintainer
     * @param shards the shard parallelism, in [1, {@link #MAX_PARALLELISM}]
     * @param k neighbours per query
     * @param nprobe lists scanned per query
     */
    public static AnnPipeline build(DataStream<AnnCommand> commands, AnnCoordinator coordinator, int shards, int k, int nprobe) {
        if (shards < 1 || shards > MAX_PARALLELISM) {
            throw new IllegalArgumentException("shards must be in [1, " + MAX_PARALLELISM + "], got " + shards);
        }
        SingleOutputStreamOperator<AnnCommand> log = commands
                .process(coordinator)
                .returns(TypeInformation.of(AnnCommand.class))
                .name("ann coordinator")
                .uid("ann-coordinator")
                .setParallelism(1);
        DataStream<AnnResult> results = log.broadcast()
                .process(new AnnShard(coordinator.config(), k, nprobe))
                .returns(TypeInformation.of(AnnResult.class))
                .name("ann shard")
                .uid("ann-shard")
                .setParallelism(shards)
                .setMaxParallelism(MAX_PARALLELISM)
                .keyBy(partial -> partial.queryId, TypeInformation.of(Long.class))
                .process(new AnnMerge(shards, k))
                .returns(TypeInformation.of(AnnResult.class))
                .name("ann merge")
                .uid("ann-merge")
                .setParallelism(shards)
                .setMaxParallelism(MAX_PARALLELISM);
        return new AnnPipeline(log, results, log.getSideOutput(AnnCoordinator.MAINTENANCE));
    }
}
