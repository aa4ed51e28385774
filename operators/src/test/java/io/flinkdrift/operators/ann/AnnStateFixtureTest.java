package io.flinkdrift.operators.ann;

import io.flinkdrift.core.ann.SearchResult;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Operator-state fixtures of the ann pipeline, taken by the build before shards could be rescaled
 * (commit 885ee45): {@code ann/coordinator-v1.snapshot} (Hybrid maintenance every 400 inserts, ttl
 * 1500 ms, after the first {@value #CUT} commands of {@link AnnPipelineTest#commands()}) and
 * {@code ann/shard-v1-S-of-2.snapshot}, the two shards after the coordinator's log up to then. They
 * must restore into this build and continue exactly as the sequential core index replaying the whole
 * stream (so the bytes still mean what they meant); the legacy shard state is refused at another
 * parallelism, and once re-snapshotted in the current format it rescales (2 → 3 shards) with the same
 * answers. Regenerate (as new files beside these, with a new version in the name) with {@code mvn -pl
 * operators test -Dtest='AnnStateFixtureTest#takeFixtures' -Dflinkdrift.ann.fixture.out=DIR}.
 */
class AnnStateFixtureTest {

    private static final int CUT = 600 + 900;
    private static final long TTL = 1500;
    private static final int TOP_K = 5;
    private static final int NPROBE = 3;

    @Test
    void legacyStateContinuesLikeTheSequentialIndexAndRescalesOnceRewritten() throws Exception {
        List<AnnCommand> commands = AnnPipelineTest.commands();
        List<AnnCommand> log;
        try (var coordinator = coordinator(OperatorSnapshotUtil.readStateHandle(fixture("coordinator-v1.snapshot")))) {
            for (AnnCommand command : commands.subList(CUT, commands.size())) {
                coordinator.processElement(new StreamRecord<>(command));
            }
            log = coordinator.extractOutputValues();
        }
        assertTrue(log.stream().filter(c -> c.type == AnnCommand.Type.UPDATE).count() >= 2,
                "maintenance ran after the restore");
        int half = log.size() / 2;
        Map<Long, AnnResult> answers = new HashMap<>();
        OperatorSubtaskState[] rewritten = new OperatorSubtaskState[2];
        for (int subtask = 0; subtask < 2; subtask++) {
            OperatorSubtaskState legacy = OperatorSnapshotUtil.readStateHandle(fixture("shard-v1-" + subtask + "-of-2.snapshot"));
            try (var shard = shard(legacy, 2, subtask)) {
                replay(shard, log.subList(0, half), answers);
                rewritten[subtask] = shard.snapshot(2, 2);
            }
        }
        OperatorSubtaskState both = AbstractStreamOperatorTestHarness.repackageState(rewritten);
        for (int subtask = 0; subtask < 3; subtask++) {
            OperatorSubtaskState part = AbstractStreamOperatorTestHarness.repartitionOperatorState(
                    both, AnnPipeline.MAX_PARALLELISM, 2, 3, subtask);
            try (var shard = shard(part, 3, subtask)) {
                replay(shard, log.subList(half, log.size()), answers);
            }
        }

        Map<Long, AnnResult> expected = new AnnPipelineTest.Replay(commands, AnnMaintenance.HYBRID, TTL).answers;
        int checked = 0;
        for (AnnCommand query : commands.subList(CUT, commands.size())) {
            if (query.type != AnnCommand.Type.QUERY) {
                continue;
            }
            AnnResult want = expected.get(query.id);
            AnnResult got = answers.get(query.id);
            assertEquals(want.version, got.version, "version of query " + query.id);
            assertArrayEquals(want.ids, got.ids, "ids of query " + query.id);
            assertArrayEquals(want.distances, got.distances, "distances of query " + query.id);
            checked++;
        }
        assertEquals(answers.size(), checked);
        assertTrue(checked > 100, "queries after the fixture: " + checked);
    }

    @Test
    void legacyShardStateIsRefusedAtAnotherParallelism() throws Exception {
        OperatorSubtaskState legacy = OperatorSnapshotUtil.readStateHandle(fixture("shard-v1-1-of-2.snapshot"));
        try (var shard = new OneInputStreamOperatorTestHarness<>(
                new ProcessOperator<>(new AnnShard(AnnPipelineTest.CONFIG, TOP_K, NPROBE)), AnnPipeline.MAX_PARALLELISM, 3, 1)) {
            shard.setup();
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> shard.initializeState(legacy));
            assertTrue(refused.getMessage().contains("resume it at parallelism 2"), refused.getMessage());
        }
    }

    /** Feeds the log to one shard, merging each partial answer into {@code answers} as {@link AnnMerge} does. */
    private static void replay(OneInputStreamOperatorTestHarness<AnnCommand, AnnResult> shard, List<AnnCommand> log,
            Map<Long, AnnResult> answers) throws Exception {
        for (AnnCommand command : log) {
            shard.processElement(new StreamRecord<>(command));
        }
        for (AnnResult partial : shard.extractOutputValues()) {
            answers.merge(partial.queryId, partial, (a, b) -> {
                assertEquals(a.version, b.version, "versions of query " + a.queryId);
                SearchResult merged = SearchResult.merge(a.searchResult(), b.searchResult(), TOP_K);
                b.ids = merged.ids();
                b.distances = merged.distances();
                b.scanned = merged.scanned();
                return b;
            });
        }
    }

    private static String fixture(String name) throws Exception {
        return Paths.get(AnnStateFixtureTest.class.getResource("/ann/" + name).toURI()).toString();
    }

    private static OneInputStreamOperatorTestHarness<AnnCommand, AnnCommand> coordinator(OperatorSubtaskState state)
            throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(
                new AnnCoordinator(AnnPipelineTest.CONFIG, 600, AnnMaintenance.HYBRID, 400, 0, TTL)));
        harness.setup();
        harness.initializeState(state);
        harness.open();
        return harness;
    }

    private static OneInputStreamOperatorTestHarness<AnnCommand, AnnResult> shard(OperatorSubtaskState state,
            int parallelism, int subtask) throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(
                new AnnShard(AnnPipelineTest.CONFIG, TOP_K, NPROBE)), AnnPipeline.MAX_PARALLELISM, parallelism, subtask);
        harness.setup();
        harness.initializeState(state);
        harness.open();
        return harness;
    }

    /** Writes the fixtures: enabled only with {@code -Dflinkdrift.ann.fixture.out=DIR}. */
    @Test
    @EnabledIfSystemProperty(named = "flinkdrift.ann.fixture.out", matches = ".+")
    void takeFixtures() throws Exception {
        Path out = Paths.get(System.getProperty("flinkdrift.ann.fixture.out"));
        Files.createDirectories(out);
        List<AnnCommand> commands = AnnPipelineTest.commands();
        List<AnnCommand> log;
        try (var coordinator = coordinator(null)) {
            for (AnnCommand command : commands.subList(0, CUT)) {
                coordinator.processElement(new StreamRecord<>(command));
            }
            OperatorSnapshotUtil.writeStateHandle(coordinator.snapshot(1, 1), out.resolve("coordinator.snapshot").toString());
            log = coordinator.extractOutputValues();
        }
        for (int subtask = 0; subtask < 2; subtask++) {
            try (var shard = shard(null, 2, subtask)) {
                replay(shard, log, new HashMap<>());
                OperatorSnapshotUtil.writeStateHandle(shard.snapshot(1, 1),
                        out.resolve("shard-" + subtask + "-of-2.snapshot").toString());
            }
        }
    }
}
