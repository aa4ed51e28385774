package io.flinkdrift.operators.ann;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshot/restore of {@link AnnMerge}: partial answers pending in keyed state at a snapshot are
 * merged after the restore exactly as in an uninterrupted run, every merged answer is the brute-force
 * top-k of the union of the shards' candidates, and the state is empty once every query is answered.
 */
class AnnMergeTest {

    private static final int SHARDS = 3;
    private static final int K = 4;
    private static final int QUERIES = 80;

    /** One candidate neighbour a shard holds for a query. */
    private record Candidate(long id, float distance) {}

    /** The fields of a merged answer ({@link AnnResult} has no equals). */
    private record Merged(long queryId, long timestamp, long version, long scanned, String ids,
            String distances) {

        static Merged of(AnnResult r) {
            return new Merged(r.queryId, r.timestamp, r.version, r.scanned, Arrays.toString(r.ids),
                    Arrays.toString(r.distances));
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<Long, AnnResult, AnnResult> harness()
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AnnMerge(SHARDS, K)), (AnnResult r) -> r.queryId, Types.LONG);
        h.getExecutionConfig().configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false), ClassLoader.getSystemClassLoader()); // as the jobs run: state must not fall back to Kryo
        return h;
    }

    private static long version(int query) {
        return query % 10 == 0 ? -1 : query / 20; // untrained index for every tenth query
    }

    /**
     * Shard {@code shard}'s candidates for {@code query}: 2 to 6 of them (none before training),
     * with distances on a coarse grid so that ties across shards are broken by id.
     */
    private static List<Candidate> candidates(int query, int shard) {
        if (version(query) < 0) {
            return List.of();
        }
        SplittableRandom random = new SplittableRandom(query * 31L + shard);
        List<Candidate> candidates = new ArrayList<>();
        for (int j = 0; j < 2 + (query + shard) % 5; j++) {
            candidates.add(new Candidate(query * 100L + j * 10 + shard, random.nextInt(8) * 0.25f));
        }
        return candidates;
    }

    private static List<Candidate> topK(List<Candidate> candidates) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Candidate::distance).thenComparingLong(Candidate::id));
        return sorted.subList(0, Math.min(K, sorted.size()));
    }

    /** A fresh partial (the merge updates its input in place, so every run needs its own). */
    private static AnnResult partial(int query, int shard) {
        List<Candidate> best = topK(candidates(query, shard));
        AnnResult r = new AnnResult();
        r.queryId = query;
        r.timestamp = 1000L + query;
        r.version = version(query);
        r.scanned = candidates(query, shard).size();
        r.ids = best.stream().mapToLong(Candidate::id).toArray();
        r.distances = new float[best.size()];
        for (int i = 0; i < best.size(); i++) {
            r.distances[i] = best.get(i).distance();
        }
        return r;
    }

    /** Every (query, shard) partial in a shuffled arrival order. */
    private static List<int[]> arrivals() {
        List<int[]> arrivals = new ArrayList<>();
        for (int q = 0; q < QUERIES; q++) {
            for (int s = 0; s < SHARDS; s++) {
                arrivals.add(new int[] {q, s});
            }
        }
        Collections.shuffle(arrivals, new Random(5));
        return arrivals;
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<Long, AnnResult, AnnResult> h,
            List<int[]> arrivals, int from, int to) throws Exception {
        for (int a = from; a < to; a++) {
            AnnResult partial = partial(arrivals.get(a)[0], arrivals.get(a)[1]);
            h.processElement(partial, partial.timestamp);
        }
    }

    private static List<Merged> merged(KeyedOneInputStreamOperatorTestHarness<Long, AnnResult, AnnResult> h) {
        return h.extractOutputValues().stream().map(Merged::of).toList();
    }

    @Test
    void pendingPartialsSurviveARestoreAndMergeToTheBruteForceTopK() throws Exception {
        List<int[]> arrivals = arrivals();
        List<Merged> uninterrupted;
        try (var h = harness()) {
            h.open();
            feed(h, arrivals, 0, arrivals.size());
            uninterrupted = merged(h);
            assertEquals(0, h.numKeyedStateEntries());
        }

        for (int snapshotAt : new int[] {1, QUERIES, 2 * QUERIES + 1}) {
            List<Merged> restored = new ArrayList<>();
            OperatorSubtaskState snapshot;
            try (var h = harness()) {
                h.open();
                feed(h, arrivals, 0, snapshotAt);
                assertTrue(h.numKeyedStateEntries() > 0, "partials pending at the snapshot");
                snapshot = h.snapshot(1, snapshotAt);
                restored.addAll(merged(h));
            }
            try (var h = harness()) {
                h.initializeState(snapshot);
                h.open();
                feed(h, arrivals, snapshotAt, arrivals.size());
                restored.addAll(merged(h));
                assertEquals(0, h.numKeyedStateEntries(), "no state left once every query is merged");
            }
            assertEquals(uninterrupted, restored);
        }

        assertEquals(QUERIES, uninterrupted.size());
        for (Merged m : uninterrupted) {
            int query = (int) m.queryId();
            List<Candidate> all = new ArrayList<>();
            long scanned = 0;
            for (int s = 0; s < SHARDS; s++) {
                all.addAll(candidates(query, s));
                scanned += candidates(query, s).size();
            }
            List<Candidate> best = topK(all);
            float[] distances = new float[best.size()];
            for (int i = 0; i < best.size(); i++) {
                distances[i] = best.get(i).distance();
            }
            assertEquals(new Merged(query, 1000L + query, version(query), scanned,
                    Arrays.toString(best.stream().mapToLong(Candidate::id).toArray()),
                    Arrays.toString(distances)), m);
        }
    }

    @Test
    void aRestoredPartialStillRefusesAPartialOfAnotherVersion() throws Exception {
        AnnResult first = partial(1, 0);
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.processElement(first, first.timestamp);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            AnnResult second = partial(1, 1);
            second.version = first.version + 1;
            assertThrows(IllegalStateException.class, () -> h.processElement(second, second.timestamp));
        }
    }
}
