package io.flinkdrift.operators.ann;

import io.flinkdrift.core.ann.IvfPqConfig;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.util.UUID;

/**
 * A sharded IVF-PQ index without a coordinator on the insert path (issue 11 item 3; docs/ann.md):
 * inserts → partitioned by id ({@link AnnShard#owner}) → {@link InsertShard} × shards ← queries
 * (broadcast); partial top-k → keyBy(query id) → {@link AnnMerge}. The shards' {@link RoundCoordinator}
 * (Flink's OperatorCoordinator, in the JobManager) receives only per-list statistics at event-time
 * maintenance boundaries, O(K·d) per shard whatever the number of inserts, and broadcasts the
 * quantizer updates; a query at time t sees exactly the inserts before t. Built by
 * {@link AnnPipeline.Builder#buildSharded}.
 *
 * <p>Once the quantizer is trained, rounds are pipelined by one interval: the update planned on the
 * shards' state at boundary B is applied at B + interval, before that boundary's expiry and
 * statistics, so the shards index the records of [B, B + interval) while the coordinator plans, and
 * wait only when an update is still missing at B + interval ({@link InsertShard}; docs/ann.md). The
 * training is applied at its boundary (the shards hold their records for it).
 *
 * <p>Differences from {@link AnnPipeline}: maintenance runs at every multiple of the interval (from
 * the first after the earliest record; no count trigger), policy none or lazy (Split, Hybrid, the
 * forward anchors and the rebuild need raw vectors or segments at the coordinator: not yet); the
 * quantizer is trained at the first boundary by which {@code trainingSize} inserts have arrived, on
 * the first {@code trainingSize} in (timestamp, id) order; the time-to-live expires, at each boundary
 * B after training, the vectors before B − ttl (inserts held for training are kept until it, so a
 * training size above the inserts of one ttl still trains); the shard state does not rescale and is not that of
 * {@link AnnPipeline} (a different uid). The answers equal a sequential replay that merges the
 * shards' statistics in subtask order ({@link io.flinkdrift.core.ann.ListStatistics}); at one shard,
 * a single {@link io.flinkdrift.core.ann.IvfPqIndex}.
 *
 * @param results the merged top-k of every query
 * @param rounds one report per maintenance round
 */
public record ShardedAnnPipeline(DataStream<AnnResult> results, DataStream<RoundReport> rounds) {

    static ShardedAnnPipeline build(DataStream<AnnCommand> commands, IvfPqConfig config, int trainingSize,
            AnnMaintenance policy, long intervalMs, long ttlMs, int shards, int k, int nprobe) {
        if (policy != AnnMaintenance.NONE && policy != AnnMaintenance.LAZY) {
            throw new IllegalArgumentException("sharded inserts run maintenance none or lazy, got " + policy.cliName());
        }
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("sharded inserts need a maintenance interval > 0 ms, got " + intervalMs);
        }
        if (shards < 1 || shards > AnnPipeline.MAX_PARALLELISM) {
            throw new IllegalArgumentException("shards must be in [1, " + AnnPipeline.MAX_PARALLELISM + "], got " + shards);
        }
        if (trainingSize < config.numLists() || ttlMs < 0 || k < 1 || nprobe < 1) {
            throw new IllegalArgumentException("need trainingSize >= numLists = " + config.numLists()
                    + ", ttlMs >= 0, k >= 1 and nprobe >= 1, got " + trainingSize + ", " + ttlMs + ", " + k + " and "
                    + nprobe);
        }
        String pipeline = UUID.randomUUID().toString();
        DataStream<AnnCommand> inserts = commands
                .filter(command -> command.type == AnnCommand.Type.INSERT)
                .name("ann inserts")
                .partitionCustom((Long id, int n) -> AnnShard.owner(id, n), command -> command.id);
        DataStream<AnnCommand> queries = commands
                .filter(command -> command.type == AnnCommand.Type.QUERY)
                .name("ann queries")
                .broadcast();
        DataStream<Long> keepAlive = commands.getExecutionEnvironment()
                .fromSource(new KeepAliveSource(pipeline), WatermarkStrategy.noWatermarks(), "ann keep-alive",
                        TypeInformation.of(Long.class))
                .uid("ann-keep-alive")
                .setParallelism(1)
                .broadcast();
        SingleOutputStreamOperator<AnnResult> partials = inserts.union(queries)
                .connect(keepAlive)
                .transform("ann insert shard", TypeInformation.of(AnnResult.class),
                        new InsertShard.Factory(pipeline, config, trainingSize, policy, intervalMs, ttlMs, k, nprobe))
                .uid("ann-insert-shard")
                .setParallelism(shards)
                .setMaxParallelism(AnnPipeline.MAX_PARALLELISM);
        DataStream<AnnResult> results = partials
                .keyBy(partial -> partial.queryId, TypeInformation.of(Long.class))
                .process(new AnnMerge(shards, k))
                .returns(TypeInformation.of(AnnResult.class))
                .name("ann merge")
                .uid("ann-sharded-merge")
                .setParallelism(shards)
                .setMaxParallelism(AnnPipeline.MAX_PARALLELISM);
        return new ShardedAnnPipeline(results, partials.getSideOutput(InsertShard.ROUNDS));
    }
}
