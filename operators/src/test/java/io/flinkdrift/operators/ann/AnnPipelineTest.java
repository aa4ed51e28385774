package io.flinkdrift.operators.ann;

import io.flinkdrift.core.ann.IvfPqConfig;
import io.flinkdrift.core.ann.IvfPqIndex;
import io.flinkdrift.core.ann.SearchResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.test.junit5.MiniClusterExtension;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sharded pipeline against the sequential core {@link IvfPqIndex} replaying the same command
 * sequence (train on the first 600 inserts, then 2000 inserts with a query after every 10th and
 * maintenance every 400 inserts): at parallelism 1 and 2 every query gets exactly the core's ids,
 * distances and quantizer version — so no query saw a half-applied update or a mix of versions —
 * and snapshot/restore of coordinator and shard reproduce the uninterrupted outputs (a shard's
 * state is refused at another parallelism).
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
    private static final IvfPqConfig CONFIG = new IvfPqConfig(D, K, 4).withResidualEncoding(true)
            .withTrainingIterations(8).withSplitLists(2).withSeed(5);

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    /** Inserts (ids 0..) and queries (ids 1_000_000..), from a mixture whose means drift with time. */
    static List<AnnCommand> commands() {
        Random random = new Random(3);
        float[] means = new float[6 * D];
        for (int i = 0; i < means.length; i++) {
            means[i] = (float) (8 * random.nextDouble() - 4);
        }
        List<AnnCommand> commands = new ArrayList<>();
        for (int i = 0; i < TRAINING + INSERTS; i++) {
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

    /** The core index replaying the commands as the coordinator does; the answer to every query. */
    static Map<Long, AnnResult> expected(List<AnnCommand> commands, AnnMaintenance policy) {
        float[] training = new float[TRAINING * D];
        for (int i = 0; i < TRAINING; i++) {
            System.arraycopy(commands.get(i).vector, 0, training, i * D, D);
        }
        IvfPqIndex index = IvfPqIndex.train(CONFIG, training, TRAINING);
        Map<Long, AnnResult> answers = new HashMap<>();
        int sinceMaintenance = 0;
        for (AnnCommand command : commands) {
            if (command.type == AnnCommand.Type.INSERT) {
                index.add(command.id, command.vector, command.timestamp);
                if (command.id >= TRAINING && ++sinceMaintenance == MAINTENANCE_EVERY) {
                    sinceMaintenance = 0;
                    switch (policy) {
                        case HYBRID -> index.hybrid();
                        case REBUILD -> index.rebuild();
                        default -> { }
                    }
                }
            } else {
                SearchResult result = index.search(command.vector, TOP_K, NPROBE);
                answers.put(command.id, AnnResult.of(command.stamped(index.version()), result));
            }
        }
        return answers;
    }

    @ParameterizedTest(name = "{0} at parallelism {1}")
    @CsvSource({"NONE, 1", "NONE, 2", "HYBRID, 1", "HYBRID, 2", "REBUILD, 2"})
    void shardedResultsEqualTheSequentialIndex(AnnMaintenance policy, int parallelism) throws Exception {
        List<AnnCommand> commands = commands();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.getConfig().disableGenericTypes();
        env.setParallelism(parallelism);
        AnnPipeline pipeline = AnnPipeline.build(
                env.fromData(commands, TypeInformation.of(AnnCommand.class)).setParallelism(1),
                new AnnCoordinator(CONFIG, TRAINING, policy, MAINTENANCE_EVERY, 0), parallelism, TOP_K, NPROBE);
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
            try (var rescaled = new OneInputStreamOperatorTestHarness<>(
                    new ProcessOperator<>(new AnnShard(CONFIG, TOP_K, NPROBE)), 3, 3, 1)) {
                rescaled.setup();
                IllegalStateException refused =
                        assertThrows(IllegalStateException.class, () -> rescaled.initializeState(snapshot));
                assertTrue(refused.getMessage().contains("cannot be rescaled"), refused.getMessage());
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
