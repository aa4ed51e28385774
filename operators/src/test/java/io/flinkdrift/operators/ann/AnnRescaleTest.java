package io.flinkdrift.operators.ann;

import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A savepoint of the sharded pipeline restores at another shard parallelism (1 → 2 and 2 → 1) and
 * the job continues as if uninterrupted: the source is held after {@link #CUT} commands, the job is
 * stopped with a savepoint once every query before the cut is answered, and resumed at the other
 * parallelism; the answers of both runs together are, query by query, exactly (ids, distances,
 * version) those of the sequential core index replaying the whole stream, which the uninterrupted
 * pipeline also matches ({@link AnnPipelineTest}), and no query is answered twice or lost. Also, the
 * max parallelism recorded for every ann operator does not depend on the job's parallelism.
 */
class AnnRescaleTest {

    /** Commands read before the savepoint: training, two maintenance runs and part of the third period. */
    private static final int CUT = 600 + 1100;
    private static final int TOP_K = 5;
    private static final int NPROBE = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static final List<AnnCommand> COMMANDS = AnnPipelineTest.commands();
    private static final ConcurrentLinkedQueue<AnnResult> ANSWERS = new ConcurrentLinkedQueue<>();
    /** Never completes: the first run's source waits on it after {@link #CUT} commands. */
    private static final CompletableFuture<Void> HELD = new CompletableFuture<>();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @ParameterizedTest(name = "parallelism {0} -> {1}")
    @CsvSource({"1, 2", "2, 1"})
    void aSavepointRestoresAtAnotherParallelismAndContinuesLikeTheSequentialIndex(int before, int after,
            @TempDir Path savepoints) throws Exception {
        ANSWERS.clear();
        StreamExecutionEnvironment first = environment(before);
        pipeline(first, before, CUT);
        JobClient held = first.executeAsync("ann before the savepoint");
        long queriesBeforeCut = COMMANDS.subList(0, CUT).stream().filter(c -> c.type == AnnCommand.Type.QUERY).count();
        awaitAnswers(queriesBeforeCut, held.getJobID());
        String savepoint = held.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(queriesBeforeCut, ANSWERS.size(), "answers before the savepoint");

        StreamExecutionEnvironment second = environment(after);
        pipeline(second, after, Long.MAX_VALUE);
        StreamGraph restored = second.getStreamGraph();
        restored.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        second.execute(restored);

        Map<Long, AnnResult> expected = AnnPipelineTest.expected(COMMANDS, AnnMaintenance.HYBRID);
        assertEquals(expected.size(), ANSWERS.size(), "every query answered exactly once");
        Map<Long, AnnResult> answers = new HashMap<>();
        for (AnnResult answer : ANSWERS) {
            assertEquals(null, answers.put(answer.queryId, answer), "query " + answer.queryId + " answered twice");
        }
        long versionAtCut = -1;
        for (AnnResult answer : new ArrayList<>(ANSWERS).subList(0, (int) queriesBeforeCut)) {
            versionAtCut = Math.max(versionAtCut, answer.version);
        }
        long versionsAfterRestore = 0;
        for (Map.Entry<Long, AnnResult> want : expected.entrySet()) {
            AnnResult got = answers.get(want.getKey());
            assertEquals(want.getValue().version, got.version, "version of query " + want.getKey());
            assertArrayEquals(want.getValue().ids, got.ids, "ids of query " + want.getKey());
            assertArrayEquals(want.getValue().distances, got.distances, "distances of query " + want.getKey());
            versionsAfterRestore += got.version > versionAtCut ? 1 : 0;
        }
        assertTrue(versionsAfterRestore > 0, "maintenance ran after the restore");
    }

    @Test
    void theAnnOperatorsRecordTheSameMaxParallelismAtEveryParallelism() {
        Map<String, Integer> atOne = annMaxParallelism(1);
        assertEquals(atOne, annMaxParallelism(2));
        assertEquals(AnnPipeline.MAX_PARALLELISM, atOne.get("ann shard"));
        assertEquals(AnnPipeline.MAX_PARALLELISM, atOne.get("ann merge"));
    }

    /**
     * The max parallelism of the job vertex holding each ann operator, -1 when the vertex takes the
     * default, with an upstream map at the job's parallelism (chained to the coordinator at 1).
     */
    private static Map<String, Integer> annMaxParallelism(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        DataStream<AnnCommand> commands = env.fromSequence(0, 10)
                .map(i -> COMMANDS.get(i.intValue()))
                .returns(TypeInformation.of(AnnCommand.class));
        AnnPipeline.build(commands, new AnnCoordinator(AnnPipelineTest.CONFIG, 600, AnnMaintenance.HYBRID, 400, 0),
                parallelism, TOP_K, NPROBE).results().print();
        JobGraph graph = env.getStreamGraph().getJobGraph();
        Map<String, Integer> maxParallelism = new HashMap<>();
        for (JobVertex vertex : graph.getVertices()) {
            for (String operator : List.of("ann coordinator", "ann shard", "ann merge")) {
                if (vertex.getName().contains(operator)) {
                    maxParallelism.put(operator, vertex.getMaxParallelism());
                }
            }
        }
        assertEquals(3, maxParallelism.size(), "vertices " + maxParallelism);
        return maxParallelism;
    }

    private static StreamExecutionEnvironment environment(int parallelism) {
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(configuration);
        env.getConfig().configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false), ClassLoader.getSystemClassLoader());
        env.setParallelism(parallelism);
        return env;
    }

    /** The pipeline over {@link #COMMANDS} (read by one reader), its source held after {@code limit}. */
    private static void pipeline(StreamExecutionEnvironment env, int shards, long limit) {
        DataGeneratorSource<AnnCommand> source = new DataGeneratorSource<>(i -> COMMANDS.get(i.intValue()),
                COMMANDS.size(), new HoldAfter(limit), TypeInformation.of(AnnCommand.class));
        DataStream<AnnCommand> commands = env.fromSource(source, WatermarkStrategy.noWatermarks(), "commands")
                .uid("commands")
                .setParallelism(1);
        AnnPipeline.build(commands, new AnnCoordinator(AnnPipelineTest.CONFIG, 600, AnnMaintenance.HYBRID, 400, 0),
                shards, TOP_K, NPROBE).results().sinkTo(context -> new Collect()).uid("collect");
    }

    private static void awaitAnswers(long count, JobID job) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (ANSWERS.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + job + ": " + ANSWERS.size() + " of " + count
                        + " answers before the savepoint after " + TIMEOUT);
            }
            Thread.sleep(20);
        }
    }

    /** Lets {@code limit} records through, then holds the source until the job stops. */
    private static final class HoldAfter implements RateLimiterStrategy {
        private static final long serialVersionUID = 1L;
        private final long limit;

        HoldAfter(long limit) {
            this.limit = limit;
        }

        @Override
        public RateLimiter createRateLimiter(int parallelism) {
            return new RateLimiter() {
                private long acquired;

                // Flink 1.20's abstract method (no @Override: Flink 2.x has only acquire(int))
                public CompletionStage<Void> acquire() {
                    return ++acquired <= limit ? CompletableFuture.completedFuture(null) : HELD;
                }

                // Flink 2.x's abstract method, one record per request here
                public CompletionStage<Void> acquire(int records) {
                    return acquire();
                }
            };
        }
    }

    /** Collects the answers in {@link #ANSWERS} (a lambda sink: its writer factory differs between the Flink lines). */
    private static final class Collect implements SinkWriter<AnnResult> {

        @Override
        public void write(AnnResult value, Context context) {
            ANSWERS.add(value);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
    }
}
