package io.flinkdrift.operators.ann;

import io.flinkdrift.core.ann.IvfPqConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Wires a sharded IVF-PQ index: commands → {@link AnnCoordinator} (parallelism 1) → broadcast →
 * {@code shards} × {@link AnnShard} → keyBy(query id) → {@link AnnMerge}. In a user's job:
 *
 * <pre>{@code
 * DataStream<AnnCommand> commands = vectors.map(v -> AnnCommand.insert(v.id, v.time, v.embedding))
 *         .union(queries.map(q -> AnnCommand.query(q.id, q.time, q.embedding)));
 * AnnPipeline ann = AnnPipeline.builder(new IvfPqConfig(64, 1024, 16).withResidualEncoding(true))
 *         .maintenance(AnnMaintenance.HYBRID).ttlMs(Duration.ofHours(1).toMillis())
 *         .build(commands);
 * ann.results().print();  // the top-k of every query
 * }</pre>
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

    /** A builder with the {@code ann} job's defaults for everything but the index configuration. */
    public static Builder builder(IvfPqConfig config) {
        return new Builder(config);
    }

    /**
     * The settings of an ann pipeline, each defaulting to the {@code ann} job's: 10,000 training
     * vectors, Hybrid maintenance every 10,000 inserts, no event-time maintenance trigger, a
     * time-to-live of 10 minutes of event time, k = 10, nprobe = 8, and as many shards as the
     * environment's parallelism. Values are checked when the pipeline is built.
     */
    public static final class Builder {

        private final IvfPqConfig config;
        private int trainingSize = 10_000;
        private AnnMaintenance maintenance = AnnMaintenance.HYBRID;
        private long maintenanceEvery = 10_000;
        private long maintenanceIntervalMs;
        private long ttlMs = 600_000;
        private int shards;
        private int k = 10;
        private int nprobe = 8;

        private Builder(IvfPqConfig config) {
            this.config = config;
        }

        /** Inserts buffered to train the quantizers, at least K. */
        public Builder trainingSize(int value) {
            trainingSize = value;
            return this;
        }

        public Builder maintenance(AnnMaintenance value) {
            maintenance = value;
            return this;
        }

        /** Inserts between maintenance runs, ≥ 0 (0: no count trigger). */
        public Builder maintenanceEvery(long value) {
            maintenanceEvery = value;
            return this;
        }

        /** Event time between maintenance runs, ≥ 0 (0: no time trigger). */
        public Builder maintenanceIntervalMs(long value) {
            maintenanceIntervalMs = value;
            return this;
        }

        /** Event time a vector stays in the database, ≥ 0 (0: forever, so memory grows with the input). */
        public Builder ttlMs(long value) {
            ttlMs = value;
            return this;
        }

        /** Shard parallelism in [1, {@link #MAX_PARALLELISM}]; 0 (the default): the environment's parallelism. */
        public Builder shards(int value) {
            shards = value;
            return this;
        }

        /** Neighbours per query, at least 1. */
        public Builder k(int value) {
            k = value;
            return this;
        }

        /** Lists scanned per query, at least 1. */
        public Builder nprobe(int value) {
            nprobe = value;
            return this;
        }

        /**
         * The pipeline over {@code commands} (inserts and queries in the order the index should see
         * them).
         *
         * @throws IllegalArgumentException if a setting is outside its range
         */
        public AnnPipeline build(DataStream<AnnCommand> commands) {
            AnnCoordinator coordinator = new AnnCoordinator(config, trainingSize, maintenance, maintenanceEvery,
                    maintenanceIntervalMs, ttlMs);
            int parallelism = shards > 0 ? shards : commands.getExecutionEnvironment().getParallelism();
            return AnnPipeline.build(commands, coordinator, parallelism, k, nprobe);
        }
        /**
         * The pipeline over {@code commands} with inserts sharded and no coordinator on the insert path
         * ({@link ShardedAnnPipeline}; its records are ordered by event time, so any union works). It
         * needs {@link #maintenanceIntervalMs} &gt; 0 and maintenance none or lazy; the count trigger
         * {@link #maintenanceEvery} does not apply.
         *
         * @throws IllegalArgumentException if a setting is outside its range
         */
        public ShardedAnnPipeline buildSharded(DataStream<AnnCommand> commands) {
            int parallelism = shards > 0 ? shards : commands.getExecutionEnvironment().getParallelism();
            return ShardedAnnPipeline.build(commands, config, trainingSize, maintenance, maintenanceIntervalMs, ttlMs,
                    parallelism, k, nprobe);
        }
    }

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
