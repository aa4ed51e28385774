package io.flinkdrift.operators.ann;

import io.flinkdrift.core.ann.FlatIndex;
import io.flinkdrift.core.ann.IvfPqConfig;
import io.flinkdrift.core.ann.IvfPqIndex;
import io.flinkdrift.core.ann.SearchResult;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sharded pipeline against the sequential core {@link IvfPqIndex} replaying the same command
 * sequence (train on the first 600 inserts, then 2000 inserts with a query after every 10th and
 * maintenance every 400 inserts): at parallelism 1 and 2 every query gets exactly the core's ids,
 * distances and quantizer version — so no query saw a half-applied update or a mix of versions —
 * with a time-to-live the same holds with expiries in the log, and snapshot/restore of coordinator
 * and shard reproduce the uninterrupted outputs (restores at another parallelism: {@link AnnRescaleTest},
 * {@link AnnStateFixtureTest}).
 */
class AnnPipelineTest {

    private static final int D = 8;
    private static final int K = 16;
    private static final int TRAINING = 600;
    private static final int INSERTS = 2000;
    private static final int QUERY_EVERY = 10;
    private static final int MAINTENANCE_EVERY = 400;
    private static final int TOP_K = 5;
    private static final int NPROBE = 3;
    static final IvfPqConfig CONFIG = new IvfPqConfig(D, K, 4).withResidualEncoding(true)
            .withTrainingIterations(8).withSplitLists(2).withSeed(5);

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    static List<AnnCommand> commands() {
        return commands(INSERTS);
    }

    /**
     * {@code TRAINING + inserts} inserts (ids 0.., timestamp = id) and queries (ids 1_000_000.., after
     * every 10th insert past training, same timestamp), from a mixture whose means drift with time.
     */
    static List<AnnCommand> commands(int inserts) {
        Random random = new Random(3);
        float[] means = new float[6 * D];
        for (int i = 0; i < means.length; i++) {
            means[i] = (float) (8 * random.nextDouble() - 4);
        }
        List<AnnCommand> commands = new ArrayList<>();
        for (int i = 0; i < TRAINING + inserts; i++) {
            commands.add(AnnCommand.insert(i, i, draw(means, i, random)));
            if (i >= TRAINING && i % QUERY_EVERY == 0) {
                commands.add(AnnCommand.query(1_000_000 + i, i, draw(means, i, random)));
            }
        }
        return commands;
    }

    private static float[] draw(float[] means, int time, Random random) {
        int c = random.nextInt(means.length / D);
        float[] v = new float[D];
        for (int j = 0; j < D; j++) {
            v[j] = (float) (means[c * D + j] + 0.003 * time + 0.7 * random.nextGaussian());
        }
        return v;
    }

    static Map<Long, AnnResult> expected(List<AnnCommand> commands, AnnMaintenance policy) {
        return new Replay(commands, policy, 0).answers;
    }

    /**
     * The core index (and a brute-force {@link FlatIndex}) replaying the commands as the coordinator
     * does, written out independently: after training, before each command, vectors older than
     * (largest timestamp − ttl) are expired once that cutoff has advanced by ttl/8 since the last
     * expiry; the answer of every query (approximate and exact).
     */
    static final class Replay {
        final Map<Long, AnnResult> answers = new HashMap<>();
        final Map<Long, SearchResult> exact = new HashMap<>();
        final IvfPqIndex index;
        long expired;

        Replay(List<AnnCommand> commands, AnnMaintenance policy, long ttl) {
            index = train(commands);
            FlatIndex flat = new FlatIndex(D);
            Long lastCutoff = null;
            long largestTimestamp = Long.MIN_VALUE;
            int sinceMaintenance = 0;
            for (int position = 0; position < commands.size(); position++) {
                AnnCommand command = commands.get(position);
                largestTimestamp = Math.max(largestTimestamp, command.timestamp);
                long cutoff = largestTimestamp - ttl;
                if (ttl > 0 && position >= TRAINING && (lastCutoff == null || cutoff - lastCutoff >= ttl / 8)) {
                    lastCutoff = cutoff;
                    expired += index.expireBefore(cutoff);
                    flat.expireBefore(cutoff);
                    assertEquals(index.size(), flat.size(), "the core and brute-force databases agree");
                }
                if (command.type == AnnCommand.Type.INSERT) {
                    index.add(command.id, command.vector, command.timestamp);
                    flat.add(command.id, command.vector, command.timestamp);
                    if (command.id >= TRAINING && ++sinceMaintenance == MAINTENANCE_EVERY) {
                        sinceMaintenance = 0;
                        policy.policy().run(index);
                    }
                } else {
                    SearchResult result = index.search(command.vector, TOP_K, NPROBE);
                    answers.put(command.id, AnnResult.of(command.stamped(index.version()), result));
                    exact.put(command.id, flat.search(command.vector, TOP_K));
                }
            }
        }
    }

    private static IvfPqIndex train(List<AnnCommand> commands) {
        float[] training = new float[TRAINING * D];
        for (int i = 0; i < TRAINING; i++) {
            System.arraycopy(commands.get(i).vector, 0, training, i * D, D);
        }
        return IvfPqIndex.train(CONFIG, training, TRAINING);
    }

    @ParameterizedTest(name = "{0} at parallelism {1}")
    @CsvSource({"NONE, 1", "NONE, 2", "HYBRID, 1", "HYBRID, 2", "REBUILD, 2"})
    void shardedResultsEqualTheSequentialIndex(AnnMaintenance policy, int parallelism) throws Exception {
        List<AnnCommand> commands = commands();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.getConfig().configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false), ClassLoader.getSystemClassLoader());
        env.setParallelism(parallelism);
        AnnPipeline pipeline = AnnPipeline.builder(CONFIG).trainingSize(TRAINING).maintenance(policy)
                .maintenanceEvery(MAINTENANCE_EVERY).ttlMs(0).k(TOP_K).nprobe(NPROBE)  // shards: the parallelism
                .build(env.fromData(commands, TypeInformation.of(AnnCommand.class)).setParallelism(1));
        List<AnnResult> results = new ArrayList<>();
        pipeline.results().executeAndCollect().forEachRemaining(results::add);

        Map<Long, AnnResult> expected = expected(commands, policy);
        assertEquals(expected.size(), results.size());
        Set<Long> versions = new HashSet<>();
        for (AnnResult result : results) {
            AnnResult want = expected.get(result.queryId);
            assertEquals(want.version, result.version, "version of query " + result.queryId);
            assertArrayEquals(want.ids, result.ids, "ids of query " + result.queryId);
            assertArrayEquals(want.distances, result.distances, "distances of query " + result.queryId);
            assertEquals(TOP_K, result.ids.length);
            versions.add(result.version);
        }
        int expectedVersions = switch (policy) {
            case NONE -> 1;
            case REBUILD -> INSERTS / MAINTENANCE_EVERY;  // the last run follows the last query
            default -> 2;
        };
        assertTrue(versions.size() >= expectedVersions, "versions seen " + versions);
    }

    /**
     * A long stream (600 + 8000 inserts, timestamp = id, plus probe queries repeating vectors 2 ttl
     * old) with a time-to-live of 1000 ms and Hybrid maintenance: every query's answer and version
     * equal the sequential replay with the same expiries, the exact-search answers equal a brute-force
     * index with the same expiries and contain no vector older than ttl + ttl/8 (so the probes do not
     * find themselves), and at the end the database holds at most the inserts of the last ttl + ttl/8
     * of event time.
     */
    @ParameterizedTest(name = "parallelism {0}")
    @CsvSource({"1", "2"})
    void expiryKeepsTheShardedIndexAndExactSearchEqualToTheSequentialReplay(int parallelism) throws Exception {
        long ttl = 1000;
        int inserts = 8000;
        List<AnnCommand> commands = withProbes(commands(inserts), 2 * ttl);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.getConfig().configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false), ClassLoader.getSystemClassLoader());
        env.setParallelism(parallelism);
        AnnPipeline pipeline = AnnPipeline.build(
                env.fromData(commands, TypeInformation.of(AnnCommand.class)).setParallelism(1),
                new AnnCoordinator(CONFIG, TRAINING, AnnMaintenance.HYBRID, MAINTENANCE_EVERY, 0, ttl),
                parallelism, TOP_K, NPROBE);
        var approximate = pipeline.results().collectAsync();
        var exact = pipeline.log()
                .process(new ExactSearch(D, TOP_K, 1))
                .returns(TypeInformation.of(AnnResult.class))
                .setParallelism(1)
                .collectAsync();
        JobExecutionResult job = env.execute();
        List<AnnResult> results = new ArrayList<>();
        approximate.forEachRemaining(results::add);
        List<AnnResult> exactResults = new ArrayList<>();
        exact.forEachRemaining(exactResults::add);

        Replay replay = new Replay(commands, AnnMaintenance.HYBRID, ttl);
        Map<Long, Long> queryTimes = new HashMap<>();
        commands.stream().filter(c -> c.type == AnnCommand.Type.QUERY)
                .forEach(c -> queryTimes.put(c.id, c.timestamp));
        assertEquals(replay.answers.size(), results.size());
        Set<Long> versions = new HashSet<>();
        for (AnnResult result : results) {
            AnnResult want = replay.answers.get(result.queryId);
            assertEquals(want.version, result.version, "version of query " + result.queryId);
            assertArrayEquals(want.ids, result.ids, "ids of query " + result.queryId);
            assertArrayEquals(want.distances, result.distances, "distances of query " + result.queryId);
            versions.add(result.version);
        }
        assertTrue(versions.size() > 2, "versions seen " + versions);
        assertEquals(replay.exact.size(), exactResults.size());
        for (AnnResult result : exactResults) {
            SearchResult want = replay.exact.get(result.queryId);
            assertArrayEquals(want.ids(), result.ids, "exact ids of query " + result.queryId);
            assertArrayEquals(want.distances(), result.distances, "exact distances of query " + result.queryId);
            for (long id : result.ids) {
                assertTrue(id >= queryTimes.get(result.queryId) - ttl - ttl / 8,  // vector ids are timestamps
                        "exact answer " + id + " of query " + result.queryId + " is expired");
            }
        }

        long databaseSize = job.<Long>getAccumulatorResult(AnnCoordinator.DATABASE_SIZE);
        long expired = job.<Long>getAccumulatorResult(AnnCoordinator.EXPIRED);
        assertEquals(replay.index.size(), databaseSize);
        assertEquals(replay.expired, expired);
        assertEquals(TRAINING + inserts, databaseSize + expired, "every insert is either live or expired");
        long insertsWithinTtlAndStep = ttl + ttl / 8 + 1;  // one insert per ms of event time
        assertTrue(databaseSize <= insertsWithinTtlAndStep, databaseSize + " > " + insertsWithinTtlAndStep);
        assertTrue(databaseSize >= ttl, "the last ttl of inserts stays: " + databaseSize);
    }

    /**
     * Adds after every 250th insert a probe query (id 2_000_000 + time) that repeats the vector
     * inserted {@code age} ms earlier: its nearest neighbour is that vector unless it was expired.
     */
    private static List<AnnCommand> withProbes(List<AnnCommand> commands, long age) {
        Map<Long, float[]> inserted = new HashMap<>();
        List<AnnCommand> probed = new ArrayList<>();
        for (AnnCommand command : commands) {
            probed.add(command);
            if (command.type == AnnCommand.Type.INSERT) {
                inserted.put(command.id, command.vector);
                if (command.id >= TRAINING + age && command.id % 250 == 0) {
                    probed.add(AnnCommand.query(2_000_000 + command.id, command.timestamp,
                            inserted.get(command.id - age)));
                }
            }
        }
        return probed;
    }

    @Test
    void coordinatorAndShardRestoreFromASnapshotAndContinueIdentically() throws Exception {
        List<AnnCommand> commands = commands();
        int cut = TRAINING + 700;
        List<AnnCommand> log = new ArrayList<>();
        List<AnnCommand> continued;
        try (var coordinator = coordinator(null)) {
            for (AnnCommand command : commands.subList(0, cut)) {
                coordinator.processElement(new StreamRecord<>(command));
            }
            OperatorSubtaskState snapshot = coordinator.snapshot(1, 1);
            for (AnnCommand command : commands.subList(cut, commands.size())) {
                coordinator.processElement(new StreamRecord<>(command));
            }
            log.addAll(coordinator.extractOutputValues());
            try (var restored = coordinator(snapshot)) {
                for (AnnCommand command : commands.subList(cut, commands.size())) {
                    restored.processElement(new StreamRecord<>(command));
                }
                continued = restored.extractOutputValues();
            }
        }
        List<AnnCommand> tail = log.subList(log.size() - continued.size(), log.size());
        for (int i = 0; i < tail.size(); i++) {
            assertEquals(tail.get(i).type, continued.get(i).type);
            assertEquals(tail.get(i).id, continued.get(i).id);
            assertEquals(tail.get(i).version, continued.get(i).version);
            assertArrayEquals(tail.get(i).update, continued.get(i).update);
        }
        assertTrue(continued.stream().filter(c -> c.type == AnnCommand.Type.UPDATE).count() >= 2);

        int shardCut = log.size() / 2;
        try (var shard = shard(null)) {
            for (AnnCommand command : log.subList(0, shardCut)) {
                shard.processElement(new StreamRecord<>(command));
            }
            OperatorSubtaskState snapshot = shard.snapshot(2, 2);
            for (AnnCommand command : log.subList(shardCut, log.size())) {
                shard.processElement(new StreamRecord<>(command));
            }
            List<AnnResult> uninterrupted = shard.extractOutputValues();
            try (var restored = shard(snapshot)) {
                for (AnnCommand command : log.subList(shardCut, log.size())) {
                    restored.processElement(new StreamRecord<>(command));
                }
                List<AnnResult> after = restored.extractOutputValues();
                List<AnnResult> same = uninterrupted.subList(uninterrupted.size() - after.size(), uninterrupted.size());
                assertTrue(after.size() > 50);
                for (int i = 0; i < after.size(); i++) {
                    assertEquals(same.get(i).queryId, after.get(i).queryId);
                    assertEquals(same.get(i).version, after.get(i).version);
                    assertArrayEquals(same.get(i).ids, after.get(i).ids);
                    assertArrayEquals(same.get(i).distances, after.get(i).distances);
                }
            }
        }
    }

    private static OneInputStreamOperatorTestHarness<AnnCommand, AnnCommand> coordinator(
            OperatorSubtaskState snapshot) throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(
                new AnnCoordinator(CONFIG, TRAINING, AnnMaintenance.HYBRID, MAINTENANCE_EVERY, 0)));
        start(harness, snapshot);
        return harness;
    }

    /** Subtask 1 of 2, so ownership filtering is exercised. */
    private static OneInputStreamOperatorTestHarness<AnnCommand, AnnResult> shard(OperatorSubtaskState snapshot)
            throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<>(
                new ProcessOperator<>(new AnnShard(CONFIG, TOP_K, NPROBE)), 2, 2, 1);
        start(harness, snapshot);
        return harness;
    }

    private static void start(OneInputStreamOperatorTestHarness<AnnCommand, ?> harness, OperatorSubtaskState snapshot)
            throws Exception {
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();
    }
}
