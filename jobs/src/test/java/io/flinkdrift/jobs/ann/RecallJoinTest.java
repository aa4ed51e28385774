package io.flinkdrift.jobs.ann;

import io.flinkdrift.operators.ann.AnnResult;
import io.flinkdrift.operators.ann.ExactSearch;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshot/restore of {@link RecallJoin}: approximate and exact answers waiting in keyed state at a
 * snapshot are joined after the restore exactly as in an uninterrupted run, every outcome's recall is
 * the brute-force k-recall@k, and the state is empty once every sampled query is joined.
 */
class RecallJoinTest {

    private static final int SAMPLE_EVERY = 3;
    private static final int QUERIES = 150;
    private static final int K = 5;
    /** Neighbour ids are drawn from [0, ID_RANGE), so answers overlap partly. */
    private static final int ID_RANGE = 12;

    private record Event(boolean exact, int query) {}

    /** The fields of an outcome ({@link QueryOutcome} has no equals). */
    private record Outcome(long queryId, long timestamp, long version, long scanned, double recall) {

        static Outcome of(QueryOutcome o) {
            return new Outcome(o.queryId, o.timestamp, o.version, o.scanned, o.recall);
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<Long, AnnResult, AnnResult, QueryOutcome> harness(
            StateBackend backend) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new RecallJoin(SAMPLE_EVERY)),
                (AnnResult r) -> r.queryId, (AnnResult r) -> r.queryId, Types.LONG);
        h.getExecutionConfig().configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false), ClassLoader.getSystemClassLoader()); // as the jobs run: state must not fall back to Kryo
        h.setStateBackend(backend);
        return h;
    }

    private static long version(int query) {
        return query % 11 == 0 ? -1 : query / 30; // untrained index for every eleventh query
    }

    /** Whether {@link ExactSearch} answers the query, as in the job. */
    private static boolean hasExactAnswer(int query) {
        return version(query) >= 0 && ExactSearch.sampled(query, SAMPLE_EVERY);
    }

    /** K distinct ids at increasing distances; none for an exact answer over an empty index (q % 17 == 0). */
    private static AnnResult answer(int query, boolean exact) {
        AnnResult r = new AnnResult();
        r.queryId = query;
        r.timestamp = 1000L + query;
        r.version = version(query);
        int size = exact && query % 17 == 0 ? 0 : K;
        r.scanned = exact ? 500 : 40 + query % 7;
        SplittableRandom random = new SplittableRandom(query * 2L + (exact ? 1 : 0));
        Set<Long> ids = new HashSet<>();
        r.ids = new long[size];
        r.distances = new float[size];
        for (int i = 0; i < size; i++) {
            long id;
            do {
                id = random.nextInt(ID_RANGE);
            } while (!ids.add(id));
            r.ids[i] = id;
            r.distances[i] = i + 1;
        }
        return r;
    }

    /** Every answer, the exact one before or after the approximate one as the shuffle falls. */
    private static List<Event> stream() {
        List<Event> events = new ArrayList<>();
        for (int q = 0; q < QUERIES; q++) {
            events.add(new Event(false, q));
            if (hasExactAnswer(q)) {
                events.add(new Event(true, q));
            }
        }
        Collections.shuffle(events, new Random(11));
        return events;
    }

    private static void feed(KeyedTwoInputStreamOperatorTestHarness<Long, AnnResult, AnnResult, QueryOutcome> h,
            List<Event> events, int from, int to) throws Exception {
        for (int e = from; e < to; e++) {
            Event event = events.get(e);
            AnnResult answer = answer(event.query(), event.exact());
            if (event.exact()) {
                h.processElement2(new StreamRecord<>(answer, answer.timestamp));
            } else {
                h.processElement1(new StreamRecord<>(answer, answer.timestamp));
            }
        }
    }

    private static List<Outcome> outcomes(
            KeyedTwoInputStreamOperatorTestHarness<Long, AnnResult, AnnResult, QueryOutcome> h) {
        return h.extractOutputValues().stream().map(Outcome::of).toList();
    }

    /** The heap backend and RocksDB, which serializes on every access (so a missed state update shows). */
    static List<StateBackend> backends() {
        return List.of(new HashMapStateBackend(), new EmbeddedRocksDBStateBackend());
    }

    /** Queries with an answer waiting in state, counted through the backend (RocksDB included). */
    private static long waiting(
            KeyedTwoInputStreamOperatorTestHarness<Long, AnnResult, AnnResult, QueryOutcome> h)
            throws Exception {
        KeyedStateBackend<Long> backend = ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
        long waiting = 0;
        for (String state : new String[] {"approximate", "exact"}) {
            try (Stream<Long> keys = backend.getKeys(state, VoidNamespace.INSTANCE)) {
                waiting += keys.count();
            }
        }
        return waiting;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void waitingAnswersSurviveARestoreAndJoinToTheBruteForceRecall(StateBackend backend) throws Exception {
        List<Event> events = stream();
        List<Outcome> uninterrupted;
        try (var h = harness(backend)) {
            h.open();
            feed(h, events, 0, events.size());
            uninterrupted = outcomes(h);
            assertEquals(0, waiting(h));
        }

        for (int snapshotAt : new int[] {events.size() / 4, events.size() / 2, events.size() - 5}) {
            List<Outcome> restored = new ArrayList<>();
            OperatorSubtaskState snapshot;
            try (var h = harness(backend)) {
                h.open();
                feed(h, events, 0, snapshotAt);
                assertTrue(waiting(h) > 0, "answers waiting at the snapshot");
                snapshot = h.snapshot(1, snapshotAt);
                restored.addAll(outcomes(h));
            }
            try (var h = harness(backend)) {
                h.initializeState(snapshot);
                h.open();
                feed(h, events, snapshotAt, events.size());
                restored.addAll(outcomes(h));
                assertEquals(0, waiting(h), "no state left once every query is joined");
            }
            assertEquals(uninterrupted, restored);
        }

        assertEquals(QUERIES, uninterrupted.size());
        int sampled = 0;
        for (Outcome o : uninterrupted) {
            int query = (int) o.queryId();
            AnnResult approximate = answer(query, false);
            double recall = Double.NaN;
            if (hasExactAnswer(query)) {
                sampled++;
                AnnResult exact = answer(query, true);
                Set<Long> found = new HashSet<>();
                for (long id : approximate.ids) {
                    found.add(id);
                }
                long hits = 0;
                for (long id : exact.ids) {
                    hits += found.contains(id) ? 1 : 0;
                }
                recall = exact.ids.length == 0 ? 1.0 : (double) hits / exact.ids.length;
            }
            assertEquals(new Outcome(query, approximate.timestamp, approximate.version, approximate.scanned,
                    recall), o);
        }
        assertTrue(sampled > QUERIES / (2 * SAMPLE_EVERY), "about one query in " + SAMPLE_EVERY + " sampled");
    }
}
