package io.flinkdrift.jobs.ann;

import io.flinkdrift.core.ann.IvfPqConfig;
import io.flinkdrift.formats.FormatSpec;
import io.flinkdrift.generators.Generators;
import io.flinkdrift.jobs.cli.CommonOptions;
import io.flinkdrift.jobs.cli.Endpoint;
import io.flinkdrift.jobs.pipeline.ExampleInput;
import io.flinkdrift.jobs.pipeline.Inputs;
import io.flinkdrift.jobs.pipeline.Outputs;
import io.flinkdrift.jobs.runtime.CountingFunction;
import io.flinkdrift.jobs.runtime.JobRunner;
import io.flinkdrift.jobs.report.Charts;
import io.flinkdrift.jobs.report.RunReport;
import io.flinkdrift.jobs.runtime.JobSummary;
import io.flinkdrift.operators.ann.AnnCommand;
import io.flinkdrift.operators.ann.AnnCoordinator;
import io.flinkdrift.operators.ann.AnnMaintenance;
import io.flinkdrift.operators.ann.AnnPipeline;
import io.flinkdrift.operators.ann.MaintenanceEvent;
import io.flinkdrift.operators.ann.RoundReport;
import io.flinkdrift.operators.ann.ShardedAnnPipeline;
import io.flinkdrift.operators.ann.AnnResult;
import io.flinkdrift.operators.ann.ExactSearch;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.RejectedRecord;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code ann}: a sharded IVF-PQ index over a stream of vectors (the examples' features, id and
 * time), kept accurate under drift by DeDrift maintenance (docs/ann.md; Baranchuk et al., ICCV
 * 2023). Queries are every {@code --query-every}-th record held out of the input (so they come from
 * the newest data) and/or the vectors of a second input {@code --queries}; the merged top-k of every
 * query goes to {@code --sink} as {@link AnnResult}s. A sample of queries is also answered exactly
 * over the same database, and the summary reports recall@k, vectors scanned and maintenance cost per
 * {@code --report-period} of event time, and the vectors expired by the {@code --ttl} and the
 * database size at the end.
 *
 * <p>Layout ({@link AnnPipeline}): a parallelism-1 coordinator trains the quantizers on the first
 * {@code --training-size} vectors, keeps a replica for maintenance and broadcasts one ordered log of
 * inserts, queries and quantizer updates to {@code --parallelism} shards (ids sharded by hash), whose
 * partial answers are merged per query id. With {@code --inserts sharded} ({@link ShardedAnnPipeline})
 * inserts go straight to their shard, which orders its records by event time itself, and the
 * coordinator plans Lazy from the shards' per-list statistics at every {@code --maintenance-interval};
 * the summary then has no recall sample and no expiry figures.
 *
 * <p>With {@code --queries} the two inputs are merged by event time ({@link EventTimeOrder}): a
 * query at time t is answered against the inserts with a timestamp &lt; t. Without it the input's
 * order is the index's order, as read. Query ids must be unique across both kinds of query.
 */
@Command(name = "ann", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Approximate nearest-neighbour search (sharded IVF-PQ) with DeDrift maintenance under drift: "
                + "top-k results per query, recall@k and maintenance cost per period in the summary.",
        footer = {"%nExamples:",
                "  ann --source 'synthetic:mixture?dimension=16&components=20&period=20000' --max-records 100000 "
                        + "--lists 64 --sub-quantizers 8 --maintenance hybrid --maintenance-every 5000 "
                        + "--report-period 20000 --sink none",
                "  ann --source file:vectors.jsonl --features embedding --dimension 128 --lists 1024 --parallelism 2",
                "  ann --source 'synthetic:mixture?dimension=16&seed=1' --queries 'synthetic:mixture?dimension=16&seed=2"
                        + "&intervalMs=100' --max-records 100000 --max-queries 1000 --lists 64 --sink none"})
public final class AnnJob implements Callable<Integer> {

    @Option(names = "--lists", paramLabel = "K", defaultValue = "256",
            description = "Inverted lists (coarse centroids), >= 2. Default: ${DEFAULT-VALUE}.")
    int lists;

    @Option(names = "--sub-quantizers", paramLabel = "M", defaultValue = "8",
            description = "PQ bytes per vector; must divide the dimension. Default: ${DEFAULT-VALUE}.")
    int subQuantizers;

    @Option(names = "--residual", description = "Encode residuals x - a to each list's anchor a (IVFADC) "
            + "instead of x.")
    boolean residual;

    @Option(names = "--reanchor-threshold", paramLabel = "THETA",
            defaultValue = "" + IvfPqConfig.DEFAULT_REANCHOR_THRESHOLD,
            description = "With --residual: Lazy re-encodes a list only when the squared distance from its new "
                    + "centroid to the list's anchor exceeds THETA times the list's mean squared distance to the "
                    + "centroid; 0 = whenever the centroid moved. Default: ${DEFAULT-VALUE}.")
    double reanchorThreshold;

    @Option(names = "--max-segments", paramLabel = "S", defaultValue = "1",
            description = "With --residual: segments coded against different anchors a list may hold. 1 = moving "
                    + "a list's anchor re-encodes the whole list; S > 1 = only the vectors added since its previous "
                    + "move, older segments keep their codes (docs/ann.md, Segments). Default: ${DEFAULT-VALUE}.")
    int maxSegments;

    @Option(names = "--split-lists", paramLabel = "k", defaultValue = "0",
            description = "Lists Split breaks up; 0 = max(1, K/512). Default: ${DEFAULT-VALUE}.")
    int splitLists;

    @Option(names = "--training-size", paramLabel = "N", defaultValue = "10000",
            description = "Vectors buffered to train the quantizers, >= K. Default: ${DEFAULT-VALUE}.")
    int trainingSize;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of every k-means. "
            + "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--k", paramLabel = "N", defaultValue = "10", description = "Neighbours per query. "
            + "Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--nprobe", paramLabel = "N", defaultValue = "8", description = "Lists scanned per query. "
            + "Default: ${DEFAULT-VALUE}.")
    int nprobe;

    @Option(names = "--query-every", paramLabel = "Q",
            description = "Every Q-th record (by id) is a query instead of an insert; 0 = none (only with "
                    + "--queries). Default: 20, or 0 with --queries.")
    Integer queryEvery;

    @Option(names = "--queries", paramLabel = "SPEC",
            description = "A second input of query vectors (id, time, vector), read like --source with the same "
                    + "format options: file:PATH, kafka:TOPIC or synthetic:NAME[?..]. Merged with the inserts by "
                    + "event time: a query at time t is answered against the inserts with a timestamp < t. "
                    + "Rejected lines go to --dead-letter. Query ids must not repeat (nor those of --query-every).")
    String queries;

    @Option(names = "--max-queries", paramLabel = "N",
            description = "Vectors a synthetic --queries generator emits, >= 0 (0 = unbounded). "
                    + "Default: --max-records.")
    Long maxQueries;

    @Option(names = "--maintenance", paramLabel = "none|lazy|split|hybrid|lazy-forward|hybrid-forward|rebuild",
            defaultValue = "hybrid", description = "Index maintenance (DeDrift variants, with forward anchors, or a "
                    + "full rebuild). The -forward variants need --max-segments 4 and won on slowly rotating content, "
                    + "not on every stream (docs/ann.md). Default: ${DEFAULT-VALUE}.")
    String maintenance;

    @Option(names = "--maintenance-every", paramLabel = "N", defaultValue = "10000",
            description = "Inserts between maintenance runs; 0 = no count trigger. Default: ${DEFAULT-VALUE}.")
    long maintenanceEvery;

    @Option(names = "--maintenance-interval", paramLabel = "MS", defaultValue = "0",
            description = "Event time between maintenance runs; 0 = no time trigger. Default: ${DEFAULT-VALUE}.")
    long maintenanceIntervalMs;

    @Option(names = "--inserts", paramLabel = "coordinator|sharded", defaultValue = "coordinator",
            description = "coordinator: every insert passes the parallelism-1 coordinator, which keeps a replica "
                    + "(any --maintenance, count or time trigger, recall sampled by exact search). sharded: inserts go "
                    + "straight to their shard and the coordinator sees only per-list statistics at every "
                    + "--maintenance-interval (required) of event time; --maintenance none or lazy, no recall sample, "
                    + "state not compatible with coordinator mode (docs/ann.md \"Sharded inserts\"). "
                    + "Default: ${DEFAULT-VALUE}.")
    String inserts;

    @Option(names = "--ttl", paramLabel = "MS", defaultValue = "600000",
            description = "Event time a vector stays in the database: the index, the coordinator's replica and the "
                    + "exact-search sample drop vectors older than (latest event time - MS), checked every MS/8, "
                    + "so memory stays bounded on an unbounded stream; 0 = keep every vector (unbounded). "
                    + "Default: ${DEFAULT-VALUE} (10 minutes; 600,000 records at the generators' 1 ms spacing).")
    long ttlMs;

    @Option(names = "--recall-sample-every", paramLabel = "S", defaultValue = "4",
            description = "About one query in S is also answered exactly for recall. Default: ${DEFAULT-VALUE}.")
    int recallSampleEvery;

    @Option(names = "--report-period", paramLabel = "MS", defaultValue = "10000",
            description = "Event-time length of a summary period. Default: ${DEFAULT-VALUE}.")
    long reportPeriodMs;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    /**
     * The largest vector component read from files and Kafka: squared distances of such vectors stay
     * finite in single precision up to 2^16 dimensions, so larger ones are dead-lettered as
     * OUT_OF_RANGE instead of turning into infinite distances.
     */
    static final double MAX_COMPONENT = 1e16;

    @Override
    public Integer call() throws Exception {
        return JobRunner.run(spec, common, "ann", env -> {
            IvfPqConfig config = config();
            AnnMaintenance policy = policy();
            int heldOut = queryEvery != null ? queryEvery : queries == null ? 20 : 0;
            if (heldOut < (queries == null ? 1 : 0)) {
                throw new IllegalArgumentException("--query-every must be at least 1, or 0 with --queries, got "
                        + heldOut);
            }
            if (recallSampleEvery < 1 || reportPeriodMs < 1) {
                throw new IllegalArgumentException("--recall-sample-every and --report-period must be at least 1");
            }
            long queryCount = maxQueries != null ? maxQueries : common.maxRecords;
            if (queryCount < 0) {
                throw new IllegalArgumentException("--max-queries must be >= 0, got " + queryCount);
            }
            if (ttlMs < 0) {
                throw new IllegalArgumentException("--ttl must be >= 0, got " + ttlMs);
            }
            // the parsers know the dimension, so that a first record of another one cannot fix theirs
            ExampleInput input = Inputs.open(env, common, "--source", common.source, common.maxRecords,
                    FormatSpec.LabelKind.REAL, config.dimension(), MAX_COMPONENT, "");
            DataStream<AnnCommand> commands = commands(input, new ToCommand(heldOut),
                    "to commands", "to-commands");
            DataStream<RejectedRecord> rejected = input.rejected();
            boolean sharded = switch (inserts) {
                case "coordinator" -> false;
                case "sharded" -> true;
                default -> throw new IllegalArgumentException("--inserts must be coordinator or sharded, got '"
                        + inserts + "'");
            };
            if (queries != null) {
                ExampleInput queryInput = Inputs.open(env, common, "--queries", queries, queryCount,
                        FormatSpec.LabelKind.REAL, config.dimension(), MAX_COMPONENT, "queries-");
                DataStream<AnnCommand> queryCommands = commands(queryInput, new ToCommand(1),
                        "to queries", "to-queries");
                commands = commands.union(queryCommands);
                if (!sharded) {  // the sharded index orders by event time itself
                    commands = commands
                            .keyBy(command -> 0, Types.INT)
                            .process(new EventTimeOrder())
                            .returns(TypeInformation.of(AnnCommand.class))
                            .name("order by event time")
                            .uid("ann-event-time-order")
                            .setParallelism(1)
                            .setMaxParallelism(1);
                }
                rejected = rejected == null ? queryInput.rejected()
                        : queryInput.rejected() == null ? rejected : rejected.union(queryInput.rejected());
            }
            AnnPipeline.Builder builder = AnnPipeline.builder(config).trainingSize(trainingSize).maintenance(policy)
                    .maintenanceEvery(maintenanceEvery).maintenanceIntervalMs(maintenanceIntervalMs).ttlMs(ttlMs)
                    .shards(common.parallelism).k(k).nprobe(nprobe);
            DataStream<AnnResult> results;
            DataStream<MaintenanceEvent> maintenanceRuns;
            AnnPipeline pipeline = null;
            if (sharded) {
                ShardedAnnPipeline shardedPipeline = builder.buildSharded(commands);
                results = shardedPipeline.results();
                maintenanceRuns = shardedPipeline.rounds()
                        .flatMap(new MaintenanceRuns(policy))
                        .returns(TypeInformation.of(MaintenanceEvent.class))
                        .name("maintenance runs")
                        .uid("ann-sharded-maintenance");
            } else {
                pipeline = builder.build(commands);
                results = pipeline.results();
                maintenanceRuns = pipeline.maintenance();
            }
            Outputs.write(results, "--sink", common.sink, "results", "ann", common);
            if (rejected != null) {
                Outputs.write(rejected, "--dead-letter", common.deadLetter, "dead-letter", "ann", common);
            }
            DataStream<QueryOutcome> outcomes;
            if (sharded) {  // no recall sample: an exact search would see every insert in one subtask
                outcomes = results.map(result -> RecallJoin.outcome(result, Double.NaN))
                        .returns(TypeInformation.of(QueryOutcome.class))
                        .name("outcome")
                        .uid("ann-sharded-outcome");
            } else {
                DataStream<AnnResult> exact = pipeline.log()
                        .process(new ExactSearch(config.dimension(), k, recallSampleEvery))
                        .returns(TypeInformation.of(AnnResult.class))
                        .name("exact search (recall sample)")
                        .uid("ann-exact")
                        .setParallelism(1);
                outcomes = results.connect(exact)
                        .keyBy(answer -> answer.queryId, exactAnswer -> exactAnswer.queryId)
                        .process(new RecallJoin(recallSampleEvery))
                        .returns(TypeInformation.of(QueryOutcome.class))
                        .name("recall")
                        .uid("ann-recall");
            }
            AnnSummaryFunction.attach(outcomes, maintenanceRuns, reportPeriodMs);
        }, result -> {
            AnnSummary summary = JobRunner.finalValue(result, AnnSummaryFunction.ACCUMULATOR);
            Long expired = result.getAccumulatorResult(AnnCoordinator.EXPIRED);
            Long databaseSize = result.getAccumulatorResult(AnnCoordinator.DATABASE_SIZE);
            JobSummary jobSummary = JobSummary.of("ann", common, result)
                    .put("maintenance", maintenance)
                    .putInput(result)
                    .put("ttlMs", ttlMs)
                    .put("ann", summary);
            if (summary != null) {
                summary.addFigures(jobSummary);
            }
            if (!"sharded".equals(inserts)) {  // sharded shards count neither (docs/ann.md "Sharded inserts")
                jobSummary.put("expired", expired == null ? 0 : expired)
                        .put("databaseSize", databaseSize == null ? 0 : databaseSize)
                        .figure("vectors expired", expired == null ? 0L : expired)
                        .figure("vectors in the index", databaseSize == null ? 0L : databaseSize);
            }
            jobSummary.write(common.summary, System.err);
            if (summary != null) {
                report(summary, "ann " + common.source + " (maintenance " + maintenance + ")")
                        .write(common.report, System.err);
            }
        });
    }

    /** The rounds of a sharded index that published a maintenance update, as the summary's maintenance events. */
    static final class MaintenanceRuns implements FlatMapFunction<RoundReport, MaintenanceEvent> {

        private static final long serialVersionUID = 1L;

        private final AnnMaintenance policy;

        MaintenanceRuns(AnnMaintenance policy) {
            this.policy = policy;
        }

        @Override
        public void flatMap(RoundReport round, Collector<MaintenanceEvent> out) {
            if (round.version >= 1 && round.updates > 0) {
                MaintenanceEvent event = new MaintenanceEvent();
                event.policy = policy;
                event.version = round.version;
                event.timestamp = round.boundary;
                event.nanos = round.coordinatorNanos;
                event.liveVectors = (int) round.liveVectors;
                out.collect(event);
            }
        }
    }

    /**
     * The input's examples as commands, counted for the progress lines, at the reader's parallelism
     * (chained): without {@code --queries} the input's order is the index's order.
     */
    private static DataStream<AnnCommand> commands(ExampleInput input, ToCommand toCommand, String name, String uid) {
        int readers = input.examples().getParallelism();
        return input.examples()
                .flatMap(toCommand)
                .returns(TypeInformation.of(AnnCommand.class))
                .name(name)
                .uid(uid)
                .setParallelism(readers)
                .map(new CountingFunction<AnnCommand>())
                .returns(TypeInformation.of(AnnCommand.class))
                .name("count")
                .uid(uid + "-count")
                .setParallelism(readers);
    }

    /** The report of a run: recall@k and maintenance cost per report period. */
    static RunReport report(AnnSummary summary, String title) {
        double[] periods = new double[summary.periods.length];
        double[] recall = new double[periods.length];
        double[] maintenanceMs = new double[periods.length];
        double[] maintenanceRuns = new double[periods.length];
        for (int i = 0; i < periods.length; i++) {
            AnnPeriodSummary period = summary.periods[i];
            periods[i] = period.period;
            recall[i] = period.recall;
            maintenanceMs[i] = period.maintenanceMs;
            maintenanceRuns[i] = period.maintenanceRuns;
        }
        XYChart recallChart = Charts.chart("Recall@k per report period (sampled exact queries)", "report period",
                "recall@k");
        Charts.line(recallChart, "recall@k", periods, recall);
        XYChart costChart = Charts.chart("Maintenance per report period", "report period", "wall time (ms)");
        Charts.line(costChart, "maintenance ms", periods, maintenanceMs);
        Charts.line(costChart, "maintenance runs", periods, maintenanceRuns).setYAxisGroup(1);
        costChart.setYAxisGroupTitle(1, "runs");
        costChart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        return new RunReport(title)
                .add("recall", "Mean recall@k of the sampled queries of each report period", recallChart)
                .add("maintenance", "Wall time and number of the maintenance runs of each report period", costChart);
    }

    private IvfPqConfig config() {
        int d = common.dimension;
        if (d == 0) {
            Endpoint source = Endpoint.parse("--source", common.source,
                    Endpoint.Scheme.FILE, Endpoint.Scheme.KAFKA, Endpoint.Scheme.SYNTHETIC);
            if (source.scheme() != Endpoint.Scheme.SYNTHETIC) {
                throw new IllegalArgumentException("--dimension is required for file and Kafka input");
            }
            d = Generators.fromSpec(source.argument()).dimension();
        }
        IvfPqConfig config = new IvfPqConfig(d, lists, subQuantizers).withResidualEncoding(residual)
                .withReanchorThreshold(reanchorThreshold).withMaxSegments(maxSegments).withSeed(seed);
        return splitLists == 0 ? config : config.withSplitLists(splitLists);
    }

    private AnnMaintenance policy() {
        return AnnMaintenance.fromName(maintenance);
    }

    /**
     * An example as an insert, or as a query when queryEvery &gt; 0 and its id is a multiple of it (so
     * 1 makes every example a query, 0 none). The parsers have checked the dimension and
     * {@link #MAX_COMPONENT}, so every vector is finite in single precision.
     */
    static final class ToCommand implements FlatMapFunction<Example, AnnCommand> {

        private static final long serialVersionUID = 1L;

        private final int queryEvery;

        ToCommand(int queryEvery) {
            this.queryEvery = queryEvery;
        }

        @Override
        public void flatMap(Example example, Collector<AnnCommand> out) {
            float[] vector = new float[example.features.length];
            for (int j = 0; j < vector.length; j++) {
                vector[j] = (float) example.features[j];
            }
            out.collect(queryEvery > 0 && example.id % queryEvery == 0
                    ? AnnCommand.query(example.id, example.timestamp, vector)
                    : AnnCommand.insert(example.id, example.timestamp, vector));
        }
    }
}
