package io.flinkdrift.core.ann;

import io.flinkdrift.core.state.StateCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Maintenance as data: a replica plans and applies every step, three shards (each an empty index
 * from the replica's quantizer holding the ids of one hash class) apply the same serialized updates,
 * and after every step each shard's lists are exactly the replica's lists restricted to its ids, so
 * merged shard answers equal the replica's.
 */
class QuantizerUpdateTest {

    private static final int D = 8;
    private static final int K = 12;
    private static final int SHARDS = 3;

    @ParameterizedTest(name = "residual={0}")
    @ValueSource(booleans = {false, true})
    void shardsApplyingTheReplicasUpdatesHoldExactlyItsListsAndAnswerAlike(boolean residual) throws IOException {
        Random random = new Random(9);
        IvfPqConfig config = new IvfPqConfig(D, K, 4).withResidualEncoding(residual).withTrainingIterations(6)
                .withSplitLists(2).withSeed(4);
        float[] means = ClusteredData.means(5, D, 4, random);
        IvfPqIndex replica = IvfPqIndex.train(config, ClusteredData.sample(500, means, D, 1, random), 500);
        IvfPqIndex[] shards = new IvfPqIndex[SHARDS];
        for (int s = 0; s < SHARDS; s++) {
            shards[s] = IvfPqIndex.empty(config, roundTrip(replica.quantizer()));
        }
        long id = 0;
        for (int step = 0; step < 6; step++) {
            float[] data = ClusteredData.sample(400, means, D, 1, random);
            for (int i = 0; i < 400; i++) {
                float[] vector = ClusteredData.row(data, i, D);
                replica.add(id, vector, id);
                shards[(int) (id % SHARDS)].add(id, vector, id);
                id++;
            }
            for (int i = 0; i < means.length; i++) {
                means[i] += 0.8f;
            }
            QuantizerUpdate update = switch (step % 3) {
                case 0 -> new LazyUpdate().plan(replica.view()).orElseThrow();
                case 1 -> new Split(2).plan(replica.view()).orElseThrow();
                default -> new Rebuild().plan(replica.view()).orElseThrow();
            };
            MaintenanceReport report = replica.apply(update);
            assertEquals(update.version(), replica.version());
            long reassigned = 0;
            for (IvfPqIndex shard : shards) {
                reassigned += shard.apply(roundTrip(update)).reassignedVectors();
                assertEquals(replica.version(), shard.version());
                assertArrayEquals(replica.centroids(), shard.centroids());
            }
            assertEquals(report.reassignedVectors(), reassigned, "moves add up over the shards");
            for (int list = 0; list < K; list++) {
                long[] expected = replica.listIds(list);
                Arrays.sort(expected);
                long[] union = new long[0];
                for (IvfPqIndex shard : shards) {
                    long[] ids = shard.listIds(list);
                    int from = union.length;
                    union = Arrays.copyOf(union, from + ids.length);
                    System.arraycopy(ids, 0, union, from, ids.length);
                }
                Arrays.sort(union);
                assertArrayEquals(expected, union, "list " + list + " after step " + step);
            }
            for (int q = 0; q < 20; q++) {
                float[] query = ClusteredData.row(ClusteredData.sample(1, means, D, 1, random), 0, D);
                SearchResult merged = shards[0].search(query, 10, 3);
                for (int s = 1; s < SHARDS; s++) {
                    merged = SearchResult.merge(merged, shards[s].search(query, 10, 3), 10);
                }
                SearchResult single = replica.search(query, 10, 3);
                assertArrayEquals(single.ids(), merged.ids());
                assertArrayEquals(single.distances(), merged.distances());
                assertEquals(single.scanned(), merged.scanned());
            }
        }
    }

    /**
     * With segmented residual codes, whether a vector is re-encoded depends only on its list's anchor
     * history, not on what else a shard holds: shards that compact at other times, and a shard created
     * from the replica's quantizer after several re-anchorings, answer as the replica bit for bit, and
     * so does their {@link IvfPqIndex#merge}.
     */
    @Test
    void shardsOfSegmentedListsAnswerAsTheReplicaAndMergeBackIntoIt() throws IOException {
        shardsOfSegmentedLists(new LazyUpdate());
    }

    /**
     * The same with forward anchors ({@link LazyUpdate#forwardAnchors}), whose updates close some open
     * segments as coded and re-encode others: shards, a late shard and their merge still answer as the
     * replica bit for bit.
     */
    @Test
    void shardsOfForwardAnchoredListsAnswerAsTheReplicaAndMergeBackIntoIt() throws IOException {
        assertTrue(shardsOfSegmentedLists(LazyUpdate.forwardAnchors(0.5)) > 0, "some lists must anchor forward");
    }

    /**
     * The same with a {@link CodebookRefresh} after every forward Lazy step and the Split: every refresh
     * re-encodes every shard's vectors against their segments' anchors, and shards, a late shard and their
     * merge still answer as the replica bit for bit.
     */
    @Test
    void shardsOfRefreshedCodebooksAnswerAsTheReplicaAndMergeBackIntoIt() throws IOException {
        long[] refreshes = new long[1];
        shardsOfSegmentedLists(LazyUpdate.forwardAnchors(0.5), new CodebookRefresh(2, 0.5, 0), refreshes);
        assertTrue(refreshes[0] >= 5, refreshes[0] + " refreshes");
    }

    /**
     * The same with {@link LazyCodewords} after every forward Lazy step and the Split: every shard takes the
     * replica's new codewords and keeps its codes, and shards, a late shard and their merge still answer
     * as the replica bit for bit.
     */
    @Test
    void shardsOfLazyCodewordsAnswerAsTheReplicaAndMergeBackIntoIt() throws IOException {
        long[] codewordUpdates = new long[1];
        shardsOfSegmentedLists(LazyUpdate.forwardAnchors(0.5), new LazyCodewords(0.5), codewordUpdates);
        assertEquals(7, codewordUpdates[0]);
    }

    /** The test above with {@code lazy} as the Lazy step; returns the forward lists of all its updates. */
    private static long shardsOfSegmentedLists(LazyUpdate lazy) throws IOException {
        return shardsOfSegmentedLists(lazy, null, new long[1]);
    }

    /**
     * The test above with {@code lazy} as the Lazy step and {@code refresh} (a {@link CodebookRefresh} or
     * {@link LazyCodewords}; may be null) planned after each step, counting the updates it publishes in
     * {@code refreshes[0]}; returns the forward lists of all updates.
     */
    private static long shardsOfSegmentedLists(LazyUpdate lazy, MaintenanceStep refresh, long[] refreshes)
            throws IOException {
        long forwardLists = 0;
        Random random = new Random(19);
        IvfPqConfig config = new IvfPqConfig(D, K, 4).withResidualEncoding(true).withReanchorThreshold(0)
                .withMaxSegments(2).withTrainingIterations(6).withSplitLists(2).withSeed(4);
        float[] means = ClusteredData.means(5, D, 4, random);
        IvfPqIndex replica = IvfPqIndex.train(config, ClusteredData.sample(500, means, D, 1, random), 500);
        IvfPqIndex[] shards = new IvfPqIndex[SHARDS];
        shards[0] = IvfPqIndex.empty(config, roundTrip(replica.quantizer()));
        shards[1] = IvfPqIndex.empty(config, roundTrip(replica.quantizer()));
        long id = 0;
        long reencodedInAll = 0;
        for (int step = 0; step < 7; step++) {
            if (step == 3) {
                shards[2] = IvfPqIndex.empty(config, roundTrip(replica.quantizer()));
            }
            int live = step < 3 ? 2 : SHARDS;
            means = ClusteredData.rotated(means, 0.3);
            float[] data = ClusteredData.sample(300, means, D, 1, random);
            for (int i = 0; i < 300; i++) {
                float[] vector = ClusteredData.row(data, i, D);
                replica.add(id, vector, step);
                shards[(int) (id % live)].add(id, vector, step);
                id++;
            }
            replica.expireBefore(step - 2);
            for (int s = 0; s < live; s++) {
                shards[s].expireBefore(step - 2);
            }
            List<QuantizerUpdate> updates = new ArrayList<>();
            updates.add(step == 4 ? new Split(2).plan(replica.view()).orElseThrow()
                    : lazy.plan(replica.view()).orElseThrow());
            for (int u = 0; u < updates.size(); u++) {
                QuantizerUpdate update = updates.get(u);
                forwardLists += update.forwardLists().length;
                MaintenanceReport report = replica.apply(update);
                long reencoded = 0;
                for (int s = 0; s < live; s++) {
                    reencoded += shards[s].apply(roundTrip(update)).reencodedVectors();
                }
                assertEquals(report.reencodedVectors(), reencoded, "re-encodings add up over the shards");
                reencodedInAll += reencoded;
                if (update.kind() == MaintenanceReport.Kind.CODEBOOKS) {
                    refreshes[0]++;
                    assertEquals(replica.size(), report.reencodedVectors(), "a refresh re-encodes every vector");
                } else if (update.kind() == MaintenanceReport.Kind.CODEWORDS) {
                    refreshes[0]++;
                    assertEquals(0, report.reencodedVectors(), "new codewords re-encode nothing");
                } else if (refresh != null) {
                    refresh.plan(replica.view()).ifPresent(updates::add);
                }
            }
            if (step >= 3) {
                IvfPqIndex merged = IvfPqIndex.merge(Arrays.asList(shards), any -> true);
                for (int q = 0; q < 20; q++) {
                    float[] query = ClusteredData.row(ClusteredData.sample(1, means, D, 1, random), 0, D);
                    SearchResult sharded = shards[0].search(query, 10, 3);
                    for (int s = 1; s < SHARDS; s++) {
                        sharded = SearchResult.merge(sharded, shards[s].search(query, 10, 3), 10);
                    }
                    SearchResult single = replica.search(query, 10, 3);
                    assertArrayEquals(single.ids(), sharded.ids());
                    assertArrayEquals(single.distances(), sharded.distances());
                    SearchResult remerged = merged.search(query, 10, 3);
                    assertArrayEquals(single.ids(), remerged.ids());
                    assertArrayEquals(single.distances(), remerged.distances());
                }
            }
        }
        assertTrue(reencodedInAll > 0, "the two-segment cap must be reached");
        return forwardLists;
    }

    /** The persisted kind codes are fixed (the values format 2 wrote as ordinals of LAZY, SPLIT, HYBRID, REBUILD). */
    @Test
    void kindCodesAreStable() {
        assertEquals(0, MaintenanceReport.Kind.LAZY.code());
        assertEquals(1, MaintenanceReport.Kind.SPLIT.code());
        assertEquals(3, MaintenanceReport.Kind.REBUILD.code());
        assertEquals(4, MaintenanceReport.Kind.CODEBOOKS.code());
        for (MaintenanceReport.Kind kind : MaintenanceReport.Kind.values()) {
            assertEquals(kind, MaintenanceReport.Kind.ofCode(kind.code()));
        }
        assertThrows(IllegalArgumentException.class, () -> MaintenanceReport.Kind.ofCode(2));
    }

    @Test
    void anUpdateOutOfSequenceOrOfAnotherShapeIsRefused() {
        Random random = new Random(2);
        IvfPqConfig config = new IvfPqConfig(D, K, 4).withTrainingIterations(4);
        IvfPqIndex index = IvfPqIndex.train(config, ClusteredData.sample(200, ClusteredData.means(3, D, 3, random),
                D, 1, random), 200);
        QuantizerUpdate lazy = new LazyUpdate().plan(index.view()).orElseThrow();
        index.apply(lazy);
        assertThrows(IllegalArgumentException.class, () -> index.apply(lazy));
        QuantizerUpdate next = new LazyUpdate().plan(index.view()).orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> index.apply(new QuantizerUpdate(next.kind(),
                next.version(), Arrays.copyOf(next.centroids(), D), next.anchors(), next.pq(), new int[0])));
        assertThrows(IllegalArgumentException.class, () -> index.apply(new QuantizerUpdate(next.kind(),
                next.version(), next.centroids(), Arrays.copyOf(next.anchors(), D), next.pq(), new int[0])));
        assertThrows(IllegalArgumentException.class, () -> index.apply(new QuantizerUpdate(next.kind(),
                next.version(), next.centroids(), next.anchors(), next.pq(), new int[] {1, 1})));
        assertThrows(IllegalArgumentException.class, () -> index.apply(new QuantizerUpdate(next.kind(),
                next.version(), next.centroids(), next.anchors(), next.pq(), new int[0], new int[] {2, 2})));
        assertThrows(IllegalArgumentException.class, () -> index.apply(new QuantizerUpdate(next.kind(),
                next.version(), next.centroids(), next.anchors(), next.pq(), new int[] {1}, new int[] {1})));
        assertThrows(IllegalArgumentException.class, () -> index.apply(new QuantizerUpdate(next.kind(),
                next.version(), next.centroids(), next.anchors(), next.pq(), new int[0], new int[] {K})));
        assertEquals(1, index.version());
    }

    @Test
    void flatIndexRoundTripsThroughItsCodec() throws IOException {
        FlatIndex flat = new FlatIndex(3);
        flat.add(7, new float[] {1, 2, 3});
        flat.add(9, new float[] {0, 0, 1});
        flat.add(4, new float[] {5, 5, 5});
        flat.remove(7);
        FlatIndex copy = new FlatIndex.Codec().copy(flat);
        assertEquals(2, copy.size());
        assertArrayEquals(new long[] {9, 4}, copy.search(new float[] {0, 0, 0}, 5).ids());
        assertArrayEquals(new float[] {1, 75}, copy.search(new float[] {0, 0, 0}, 5).distances());
    }

    /**
     * ann/quantizer-update-v3.bin was written by format 3 (version, then the update) from
     * {@link #forwardUpdate()}: it reads back as that update, forward lists included, and rewrites to
     * the same bytes.
     */
    @Test
    void formatThreeFixtureReadsAsTheForwardUpdateItWasWrittenFrom() throws IOException {
        byte[] fixture;
        try (InputStream in = QuantizerUpdateTest.class.getClassLoader()
                .getResourceAsStream("ann/quantizer-update-v3.bin")) {
            fixture = in.readAllBytes();
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(fixture));
        StateCodec<QuantizerUpdate> codec = new QuantizerUpdate.Codec();
        assertEquals(3, in.readInt());
        QuantizerUpdate read = codec.read(in, 3);
        QuantizerUpdate planned = forwardUpdate();
        assertTrue(planned.forwardLists().length > 0);
        assertArrayEquals(planned.forwardLists(), read.forwardLists());
        assertArrayEquals(planned.anchors(), read.anchors());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        codec.write(planned, new DataOutputStream(bytes));
        assertArrayEquals(Arrays.copyOfRange(fixture, 4, fixture.length), bytes.toByteArray());
    }

    /**
     * ann/quantizer-update-v4.bin was written by format 4 (version, then the update) from
     * {@link #codewordsUpdate()}: it reads back as that update, kind CODEWORDS (code 5) and codebooks
     * included, and rewrites to the same bytes; format 3, which had no such kind, refuses it.
     */
    @Test
    void formatFourFixtureReadsAsTheCodewordsUpdateItWasWrittenFrom() throws IOException {
        byte[] fixture;
        try (InputStream in = QuantizerUpdateTest.class.getClassLoader()
                .getResourceAsStream("ann/quantizer-update-v4.bin")) {
            fixture = in.readAllBytes();
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(fixture));
        StateCodec<QuantizerUpdate> codec = new QuantizerUpdate.Codec();
        assertEquals(4, in.readInt());
        QuantizerUpdate read = codec.read(in, 4);
        QuantizerUpdate planned = codewordsUpdate();
        assertEquals(5, MaintenanceReport.Kind.CODEWORDS.code());
        assertEquals(MaintenanceReport.Kind.CODEWORDS, read.kind());
        assertEquals(planned.version(), read.version());
        assertArrayEquals(planned.pq().codebooks(), read.pq().codebooks(), 0f);
        assertArrayEquals(planned.centroids(), read.centroids(), 0f);
        assertArrayEquals(planned.anchors(), read.anchors(), 0f);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        codec.write(planned, new DataOutputStream(bytes));
        assertArrayEquals(Arrays.copyOfRange(fixture, 4, fixture.length), bytes.toByteArray());
        assertThrows(IOException.class, () -> codec.read(
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 3));
    }

    /** A {@link LazyCodewords} update, planned after {@link #forwardUpdate()} on the index that planned it. */
    static QuantizerUpdate codewordsUpdate() {
        IvfPqIndex[] index = new IvfPqIndex[1];
        QuantizerUpdate forward = forwardUpdate(index);
        index[0].apply(forward);
        return new LazyCodewords().plan(index[0].view()).orElseThrow();
    }

    /** A forward-anchored Lazy update, planned after one forward step and a round of drifted inserts. */
    static QuantizerUpdate forwardUpdate() {
        return forwardUpdate(new IvfPqIndex[1]);
    }

    /** {@link #forwardUpdate()}, leaving the index it was planned on in {@code planner[0]}. */
    private static QuantizerUpdate forwardUpdate(IvfPqIndex[] planner) {
        Random random = new Random(23);
        IvfPqConfig config = new IvfPqConfig(D, K, 4).withResidualEncoding(true).withReanchorThreshold(0)
                .withMaxSegments(2).withTrainingIterations(6).withSeed(4);
        float[] means = ClusteredData.means(5, D, 4, random);
        IvfPqIndex index = IvfPqIndex.train(config, ClusteredData.sample(300, means, D, 1, random), 300);
        LazyUpdate lazy = LazyUpdate.forwardAnchors(0.5);
        long id = 0;
        for (int round = 0; round < 2; round++) {
            means = ClusteredData.rotated(means, 0.2);
            float[] data = ClusteredData.sample(200, means, D, 1, random);
            for (int i = 0; i < 200; i++) {
                index.add(id++, ClusteredData.row(data, i, D), round);
            }
            if (round == 0) {
                index.apply(lazy.plan(index.view()).orElseThrow());
            }
        }
        planner[0] = index;
        return lazy.plan(index.view()).orElseThrow();
    }

    private static QuantizerUpdate roundTrip(QuantizerUpdate update) throws IOException {
        StateCodec<QuantizerUpdate> codec = new QuantizerUpdate.Codec();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        codec.write(update, new DataOutputStream(bytes));
        return codec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), codec.version());
    }
}
