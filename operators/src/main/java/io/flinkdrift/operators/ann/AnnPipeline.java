package io.flinkdrift.operators.ann;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Wires a sharded IVF-PQ index: commands → {@link AnnCoordinator} (parallelism 1) → broadcast →
 * {@code shards} × {@link AnnShard} → keyBy(query id) → {@link AnnMerge}.
 *
 * @param log the coordinator's command log (parallelism 1), e.g. for {@link ExactSearch}
 * @param results the merged top-k of every query
 * @param maintenance one event per maintenance run
 */
public record AnnPipeline(DataStream<AnnCommand> log, DataStream<AnnResult> results,
        DataStream<MaintenanceEvent> maintenance) {

    /**
     * @param commands inserts and queries, in the order the index should see them (a union of two
     *     streams is fine: the coordinator defines the order)
     * @param coordinator the trainer/maintainer
     * @param shards the shard parallelism, at least 1
     * @param k neighbours per query
     * @param nprobe lists scanned per query
     */
    public static AnnPipeline build(DataStream<AnnCommand> commands, AnnCoordinator coordinator, int shards, int k, int nprobe) {
        SingleOutputStreamOperator<AnnCommand> log = commands
                .process(coordinator)
                .returns(TypeInformation.of(AnnCommand.class))
                .name("ann coordinator")
                .uid("ann-coordinator")
                .setParallelism(1)
                .setMaxParallelism(1);
        DataStream<AnnResult> results = log.broadcast()
                .process(new AnnShard(coordinator.config(), k, nprobe))
                .returns(TypeInformation.of(AnnResult.class))
                .name("ann shard")
                .uid("ann-shard")
                .setParallelism(shards)
                .keyBy(partial -> partial.queryId, TypeInformation.of(Long.class))
                .process(new AnnMerge(shards, k))
                .returns(TypeInformation.of(AnnResult.class))
                .name("ann merge")
                .uid("ann-merge")
                .setParallelism(shards);
        return new AnnPipeline(log, results, log.getSideOutput(AnnCoordinator.MAINTENANCE));
    }
}
