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
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IvfPqIndexTest {

    private static final int D = 16;
    private static final int K = 32;
    private static final int M = 8;

    /** A trained index, the same vectors in a FlatIndex, and the data's mixture means. */
    private static final class Fixture {
        final IvfPqIndex index;
        final FlatIndex flat = new FlatIndex(D);
        final float[] means;
        final float[] data;
        final Random random;

        Fixture(long seed, int n, IvfPqConfig config) {
            random = new Random(seed);
            means = ClusteredData.means(20, D, 5, random);
            float[] training = ClusteredData.sample(2000, means, D, 1.0, random);
            index = IvfPqIndex.train(config, training, 2000);
            data = ClusteredData.sample(n, means, D, 1.0, random);
            for (int i = 0; i < n; i++) {
                float[] vector = ClusteredData.row(data, i, D);
                index.add(i, vector, i);
                flat.add(i, vector);
            }
        }

        float[] query() {
            return ClusteredData.row(ClusteredData.sample(1, means, D, 1.0, random), 0, D);
        }
    }

    private static IvfPqConfig config() {
        return new IvfPqConfig(D, K, M).withTrainingIterations(10).withSplitLists(2).withSeed(3);
    }

    @Test
    void recallAtTenAgainstBruteForceIsHighAtModerateNprobe() {
        Fixture f = new Fixture(21, 5000, config());
        double recall = 0;
        long scanned = 0;
        int queries = 100;
        for (int q = 0; q < queries; q++) {
            float[] query = f.query();
            SearchResult result = f.index.search(query, 10, 8);
            recall += result.recallAgainst(f.flat.search(query, 10));
            scanned += result.scanned();
        }
        recall /= queries;
        // measured 0.75 with this seed; PQ8x8 on d = 16 limits recall, nprobe = 8 of 32 lists
        assertTrue(recall > 0.65, "recall@10 = " + recall);
        assertTrue(scanned / queries < 5000, "a query must not scan everything");
    }

    @Test
    void maintenanceDoesNotChangeExhaustiveResultsWithNonResidualCodes() {
        Fixture f = new Fixture(22, 3000, config());
        float[][] queries = new float[20][];
        for (int q = 0; q < queries.length; q++) {
            queries[q] = f.query();
        }
        SearchResult[] before = searchAll(f.index, queries, K);
        for (MaintenancePolicy policy : List.of(MaintenancePolicy.LAZY, MaintenancePolicy.SPLIT, MaintenancePolicy.HYBRID)) {
            long version = f.index.version();
            policy.run(f.index);
            assertTrue(f.index.version() > version);
            SearchResult[] after = searchAll(f.index, queries, K);
            for (int q = 0; q < queries.length; q++) {
                assertArrayEquals(before[q].ids(), after[q].ids());
                assertArrayEquals(before[q].distances(), after[q].distances(), 0f);
                assertEquals(3000, after[q].scanned());
            }
        }
    }

    private static SearchResult[] searchAll(IvfPqIndex index, float[][] queries, int nprobe) {
        SearchResult[] results = new SearchResult[queries.length];
        for (int q = 0; q < queries.length; q++) {
            results[q] = index.search(queries[q], 10, nprobe);
        }
        return results;
    }

    /**
     * An index trained on a 20-component mixture, then given 3000 vectors (ids 0..2999, the rows of
     * data) from its first {@code components} components only.
     */
    private record Skewed(IvfPqIndex index, float[] data) {

        static Skewed of(long seed, int components) {
            Random random = new Random(seed);
            float[] means = ClusteredData.means(20, D, 5, random);
            IvfPqIndex index = IvfPqIndex.train(config(), ClusteredData.sample(2000, means, D, 1.0, random), 2000);
            float[] skewed = Arrays.copyOf(means, components * D);
            float[] data = ClusteredData.sample(3000, skewed, D, 1.0, random);
            for (int i = 0; i < 3000; i++) {
                index.add(i, ClusteredData.row(data, i, D), 0);
            }
            return new Skewed(index, data);
        }
    }

    @Test
    void splitKeepsEveryIdInExactlyOneListAndDoesNotIncreaseImbalance() {
        Skewed skewed = Skewed.of(23, 2);
        IvfPqIndex index = skewed.index;
        float[] data = skewed.data;
        double imbalanceBefore = index.imbalanceFactor();
        double coarseErrorBefore = coarseError(index, data, 3000);
        MaintenanceReport report = step(index, new Split(2));
        assertEquals(MaintenanceReport.Kind.SPLIT, report.kind());
        assertEquals(1, index.version());
        assertTrue(report.centroidsChanged() > 2 && report.reassignedVectors() > 0, report.toString());
        assertEquals(K * D, index.centroids().length);
        assertEquals(3000, index.size());
        Set<Long> seen = new HashSet<>();
        int total = 0;
        for (int list = 0; list < K; list++) {
            for (long id : index.listIds(list)) {
                assertTrue(seen.add(id), "id " + id + " in two lists");
                assertEquals(list, index.listOf(id));
                total++;
            }
        }
        assertEquals(3000, total);
        assertTrue(index.imbalanceFactor() < imbalanceBefore,
                "IF " + imbalanceBefore + " -> " + index.imbalanceFactor());
        // only B1 ∪ B2 vectors moved, to k-means centroids fitted to them: the coarse quantisation
        // error (squared distance to the list centroid) falls
        assertTrue(coarseError(index, data, 3000) < coarseErrorBefore);
    }

    @Test
    void imbalanceSplitBreaksUpEveryListAboveTheBoundIntoBalancedParts() {
        IvfPqIndex index = Skewed.of(25, 3).index;
        // brute force of the rule: the lists above 2·N/K, each ⌈n_k·K/N⌉ slots, at most K/4 = 8 in all
        int[] sizes = index.listSizes();
        Integer[] bySize = new Integer[K];
        for (int list = 0; list < K; list++) {
            bySize[list] = list;
        }
        Arrays.sort(bySize, (a, b) -> sizes[b] != sizes[a] ? sizes[b] - sizes[a] : b - a);
        double balanced = 3000.0 / K;
        int slots = 0;
        Set<Integer> expectedSplit = new HashSet<>();
        for (int rank = 0; rank < K && sizes[bySize[rank]] > 2 * balanced; rank++) {
            int parts = (int) Math.min(Math.ceil(sizes[bySize[rank]] / balanced), Split.imbalanceSlotCap(K) - slots);
            if (parts < 2) {
                break;
            }
            slots += parts;
            expectedSplit.add(bySize[rank]);
        }
        assertTrue(slots > 2, "the skew must put more than one part's worth above the bound: " + slots);
        QuantizerUpdate update = Split.aboveImbalance(2).plan(index.view()).orElseThrow();
        Set<Integer> reassigned = new HashSet<>();
        for (int list : update.reassignedLists()) {
            reassigned.add(list);
        }
        assertEquals(slots, reassigned.size());
        assertTrue(reassigned.containsAll(expectedSplit), reassigned + " vs " + expectedSplit);
        int largestBefore = sizes[bySize[0]];
        double imbalanceBefore = index.imbalanceFactor();
        index.apply(update);
        assertEquals(3000, index.size());
        int total = 0;
        Set<Long> seen = new HashSet<>();
        for (int list = 0; list < K; list++) {
            for (long id : index.listIds(list)) {
                assertTrue(seen.add(id), "id " + id + " in two lists");
                total++;
            }
        }
        assertEquals(3000, total);
        assertTrue(Arrays.stream(index.listSizes()).max().orElseThrow() < largestBefore);
        assertTrue(index.imbalanceFactor() < imbalanceBefore,
                "IF " + imbalanceBefore + " -> " + index.imbalanceFactor());
    }

    @Test
    void imbalanceSplitOfListsWithinTheBoundIsANoOp() {
        Random random = new Random(26);
        IvfPqIndex index = IvfPqIndex.train(config(), ClusteredData.sample(64, new float[D], D, 1, random), 64);
        for (int list = 0; list < K; list++) {
            for (int copy = 0; copy < 1 + list % 3; copy++) {
                index.add(list * 3L + copy, ClusteredData.row(index.centroids(), list, D), 0);
            }
        }
        // sizes 1, 2, 3 with mean ≈ 2: the largest is 1.5·N/K, within a bound of 2
        assertTrue(Split.aboveImbalance(2).plan(index.view()).isEmpty());
        assertTrue(Split.aboveImbalance(1.4).plan(index.view()).isPresent());
        assertThrows(IllegalArgumentException.class, () -> Split.aboveImbalance(1));
    }

    /** Σ over ids 0..n−1 of the squared distance from vector id (row id of data) to its list's centroid. */
    private static double coarseError(IvfPqIndex index, float[] data, int n) {
        float[] centroids = index.centroids();
        double error = 0;
        for (int id = 0; id < n; id++) {
            error += Distances.squaredL2(data, id * D, centroids, index.listOf(id) * D, D);
        }
        return error;
    }

    @Test
    void splitOfABalancedIndexIsANoOp() {
        Random random = new Random(24);
        IvfPqIndex index = IvfPqIndex.train(config(), ClusteredData.sample(64, new float[D], D, 1, random), 64);
        for (int list = 0; list < K; list++) {
            index.add(list, ClusteredData.row(index.centroids(), list, D), 0);
        }
        assertArrayEquals(filled(K, 1), index.listSizes());
        assertTrue(new Split(2).plan(index.view()).isEmpty());
        assertTrue(MaintenancePolicy.SPLIT.run(index).isEmpty());
        assertEquals(0, index.version());
    }

    private static int[] filled(int n, int value) {
        int[] values = new int[n];
        Arrays.fill(values, value);
        return values;
    }

    @Test
    void lazyCentroidsEqualBruteForceListMeansAfterAddsAndDeletes() {
        Fixture f = new Fixture(25, 3000, config());
        Map<Long, float[]> live = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            live.put((long) i, ClusteredData.row(f.data, i, D));
        }
        for (int step = 0; step < 2000; step++) {
            long id = f.random.nextInt(4000);
            if (f.random.nextBoolean()) {
                float[] vector = f.query();
                f.index.add(id, vector, step);
                live.put(id, vector);
            } else {
                assertEquals(live.remove(id) != null, f.index.remove(id));
            }
        }
        assertEquals(live.size(), f.index.size());
        // the list memberships are those before the update, so read them first
        long[][] members = new long[K][];
        for (int list = 0; list < K; list++) {
            members[list] = f.index.listIds(list);
        }
        float[] oldCentroids = f.index.centroids();
        step(f.index, new LazyUpdate());
        float[] centroids = f.index.centroids();
        for (int list = 0; list < K; list++) {
            for (int j = 0; j < D; j++) {
                double expected = oldCentroids[list * D + j];
                if (members[list].length > 0) {
                    double sum = 0;
                    for (long id : members[list]) {
                        sum += live.get(id)[j];
                    }
                    expected = sum / members[list].length;
                }
                assertEquals(expected, centroids[list * D + j], 1e-4, "list " + list + ", coordinate " + j);
            }
        }
    }

    @Test
    void deletedAndExpiredIdsAreNeverReturned() {
        Fixture f = new Fixture(26, 2000, config());
        Set<Long> removed = new HashSet<>();
        for (long id = 0; id < 2000; id += 3) {
            assertTrue(f.index.remove(id));
            removed.add(id);
        }
        assertFalse(f.index.remove(0));
        assertEquals(500 - countRemovedBelow(removed, 500), f.index.expireBefore(500));
        for (long id = 0; id < 500; id++) {
            removed.add(id);
        }
        assertEquals(2000 - removed.size(), f.index.size());
        for (int q = 0; q < 20; q++) {
            SearchResult result = f.index.search(f.query(), 2000, K);
            assertEquals(2000 - removed.size(), result.size());
            for (long id : result.ids()) {
                assertFalse(removed.contains(id), "removed id " + id + " returned");
            }
        }
        for (long id : removed) {
            assertFalse(f.index.contains(id));
        }
    }

    private static int countRemovedBelow(Set<Long> removed, long cutoff) {
        int count = 0;
        for (long id : removed) {
            if (id < cutoff) {
                count++;
            }
        }
        return count;
    }

    @Test
    void compactionPreservesResults() {
        Fixture f = new Fixture(27, 1500, config());
        float[] query = f.query();
        int list = 0;
        for (int l = 1; l < K; l++) {
            if (f.index.listSizes()[l] > f.index.listSizes()[list]) {
                list = l;
            }
        }
        long[] ids = f.index.listIds(list);
        boolean compacted = false;
        SearchResult previous = f.index.search(query, 1500, K);
        for (int i = 0; i < ids.length / 2; i++) {
            int storedBefore = f.index.storedEntries(list);
            f.index.remove(ids[i]);
            compacted |= f.index.storedEntries(list) < storedBefore;
            SearchResult next = f.index.search(query, 1500, K);
            assertEquals(previous.size() - 1, next.size());
            long[] expected = without(previous.ids(), ids[i]);
            assertArrayEquals(expected, next.ids());
            previous = next;
            for (long id : f.index.listIds(list)) {
                assertEquals(list, f.index.listOf(id));
            }
        }
        assertTrue(compacted, "removing half of a list must trigger compaction at 20% tombstones");
    }

    private static long[] without(long[] ids, long removed) {
        return Arrays.stream(ids).filter(id -> id != removed).toArray();
    }

    @Test
    void codecRoundTripGivesIdenticalSearchResultsAndMaintenance() throws IOException {
        Fixture f = new Fixture(28, 2000, config().withResidualEncoding(true));
        for (long id = 0; id < 2000; id += 7) {
            f.index.remove(id);
        }
        step(f.index, new LazyUpdate());
        IvfPqIndex.Codec codec = new IvfPqIndex.Codec();
        IvfPqIndex restored = roundTrip(codec, f.index);
        assertEquals(f.index.version(), restored.version());
        assertEquals(f.index.size(), restored.size());
        assertArrayEquals(f.index.listSizes(), restored.listSizes());
        assertTrue(restored.config().residualEncoding());
        assertSameAnswers(f, restored);
        MaintenancePolicy.HYBRID.run(f.index);
        MaintenancePolicy.HYBRID.run(restored);
        assertArrayEquals(f.index.centroids(), restored.centroids(), 0f);
        assertArrayEquals(f.index.listSizes(), restored.listSizes());
    }

    /**
     * Three shards that replay the same adds (each keeping its own ids) and the same Lazy and Split
     * updates, merged into two by another ownership rule, hold exactly the sequential index's entries
     * in the same lists: the merged parts answer every query with the sequential index's ids and
     * bit-identical distances, and each id lands in exactly one part.
     */
    @Test
    void mergedShardsRepartitionByIdAndAnswerAsTheSequentialIndex() {
        Fixture f = new Fixture(31, 3000, config().withResidualEncoding(true));
        List<IvfPqIndex> shards = List.of(IvfPqIndex.empty(config().withResidualEncoding(true), f.index.quantizer()),
                IvfPqIndex.empty(config().withResidualEncoding(true), f.index.quantizer()),
                IvfPqIndex.empty(config().withResidualEncoding(true), f.index.quantizer()));
        for (int i = 0; i < 3000; i++) {
            shards.get(i % 3).add(i, ClusteredData.row(f.data, i, D), i);
        }
        QuantizerUpdate lazy = new LazyUpdate().plan(f.index.view()).orElseThrow();
        f.index.apply(lazy);
        shards.forEach(shard -> shard.apply(lazy));
        QuantizerUpdate split = new Split(2).plan(f.index.view()).orElseThrow();
        f.index.apply(split);
        shards.forEach(shard -> shard.apply(split));

        IvfPqIndex even = IvfPqIndex.merge(shards, id -> id % 2 == 0);
        IvfPqIndex odd = IvfPqIndex.merge(shards, id -> id % 2 == 1);
        assertEquals(f.index.size(), even.size() + odd.size());
        for (long id = 0; id < 3000; id++) {
            IvfPqIndex owner = id % 2 == 0 ? even : odd;
            assertEquals(f.index.listOf(id), owner.listOf(id), "list of " + id);
            assertFalse((id % 2 == 0 ? odd : even).contains(id));
        }
        for (int q = 0; q < 20; q++) {
            float[] query = f.query();
            SearchResult expected = f.index.search(query, 10, 4);
            SearchResult merged = SearchResult.merge(even.search(query, 10, 4), odd.search(query, 10, 4), 10);
            assertArrayEquals(expected.ids(), merged.ids());
            assertArrayEquals(expected.distances(), merged.distances(), 0f);
        }

        shards.get(0).apply(new LazyUpdate().plan(f.index.view()).orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> IvfPqIndex.merge(shards, id -> true),
                "parts at different versions");
        assertThrows(IllegalArgumentException.class, () -> IvfPqIndex.merge(List.of(even, even), id -> true),
                "an id live in two parts");
    }

    /**
     * addAll of a batch (with ids repeated inside it and ids already live) leaves the index
     * byte-identical, in its serialised form, to the same adds one at a time; a batch with a
     * non-finite value adds nothing.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void addAllIsTheSequenceOfAddsInOrder(boolean residual) throws IOException {
        Fixture f = new Fixture(32, 1500, config().withResidualEncoding(residual));
        IvfPqIndex batched = IvfPqIndex.empty(config().withResidualEncoding(residual), f.index.quantizer());
        int n = 1500;
        long[] ids = new long[n];
        long[] timestamps = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i < 1400 ? i : i - 1400; // the last 100 replace the first 100
            timestamps[i] = i;
        }
        float[] vectors = ClusteredData.sample(n, f.means, D, 1.0, f.random);
        IvfPqIndex sequential = roundTrip(new IvfPqIndex.Codec(), batched);
        batched.addAll(ids, vectors, timestamps);
        for (int i = 0; i < n; i++) {
            sequential.add(ids[i], ClusteredData.row(vectors, i, D), timestamps[i]);
        }
        // a second batch over live ids
        long[] again = {5, 7, 5};
        float[] moved = ClusteredData.sample(3, f.means, D, 1.0, f.random);
        batched.addAll(again, moved, new long[] {1, 2, 3});
        for (int i = 0; i < 3; i++) {
            sequential.add(again[i], ClusteredData.row(moved, i, D), i + 1);
        }
        assertEquals(1400, batched.size());
        assertArrayEquals(serialised(sequential), serialised(batched));

        float[] invalid = ClusteredData.sample(2, f.means, D, 1.0, f.random);
        invalid[D + 3] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> batched.addAll(new long[] {9000, 9001}, invalid, new long[2]));
        assertThrows(IllegalArgumentException.class, () -> batched.addAll(new long[] {9000}, invalid, new long[1]));
        assertArrayEquals(serialised(sequential), serialised(batched));
    }

    /**
     * addAll of batches of new, distinct ids (appended list by list) leaves the index byte-identical,
     * in its serialised form, to the same adds one at a time, on an empty and on a filled index; a
     * batch whose last id repeats an earlier one falls back to adds in order after undoing its
     * recorded locations, and then deletes remove the same entries.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void addAllOfNewIdsIsTheSequenceOfAddsInOrder(boolean residual) throws IOException {
        Fixture f = new Fixture(32, 1500, config().withResidualEncoding(residual));
        IvfPqIndex batched = IvfPqIndex.empty(config().withResidualEncoding(residual), f.index.quantizer());
        IvfPqIndex sequential = roundTrip(new IvfPqIndex.Codec(), batched);
        long next = 0;
        for (int n : new int[] {1500, 700, 1}) {
            long[] ids = new long[n];
            long[] timestamps = new long[n];
            for (int i = 0; i < n; i++) {
                ids[i] = next * 7 + 3;
                timestamps[i] = next++;
            }
            float[] vectors = ClusteredData.sample(n, f.means, D, 1.0, f.random);
            batched.addAll(ids, vectors, timestamps);
            for (int i = 0; i < n; i++) {
                sequential.add(ids[i], ClusteredData.row(vectors, i, D), timestamps[i]);
            }
            assertArrayEquals(serialised(sequential), serialised(batched));
        }
        long[] repeated = {100_000, 100_007, 100_014, 100_007};
        float[] vectors = ClusteredData.sample(4, f.means, D, 1.0, f.random);
        batched.addAll(repeated, vectors, new long[] {1, 2, 3, 4});
        for (int i = 0; i < 4; i++) {
            sequential.add(repeated[i], ClusteredData.row(vectors, i, D), i + 1);
        }
        assertEquals(2201 + 3, batched.size());
        assertArrayEquals(serialised(sequential), serialised(batched));
        for (long id = 3; id < 3 + 7 * 900; id += 7) {
            assertTrue(batched.remove(id));
            assertTrue(sequential.remove(id));
        }
        assertEquals(2204 - 900, batched.size());
        assertArrayEquals(serialised(sequential), serialised(batched));
    }

    private static byte[] serialised(IvfPqIndex index) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new IvfPqIndex.Codec().write(index, new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    /** Plans {@code step} on the index and applies it. */
    private static MaintenanceReport step(IvfPqIndex index, MaintenanceStep step) {
        return index.apply(step.plan(index.view()).orElseThrow());
    }

    /** 20 fixture queries get the same ids and bit-identical distances from f.index and {@code other}. */
    private static void assertSameAnswers(Fixture f, IvfPqIndex other) {
        for (int q = 0; q < 20; q++) {
            float[] query = f.query();
            SearchResult expected = f.index.search(query, 10, 4);
            SearchResult actual = other.search(query, 10, 4);
            assertArrayEquals(expected.ids(), actual.ids());
            assertArrayEquals(expected.distances(), actual.distances(), 0f);
        }
    }

    private static IvfPqIndex roundTrip(StateCodec<IvfPqIndex> codec, IvfPqIndex index) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        codec.write(index, new DataOutputStream(bytes));
        return codec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), codec.version());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, IvfPqConfig.DEFAULT_REANCHOR_THRESHOLD})
    void lazyReanchorsExactlyTheListsThatDriftedAndCodesStayResidualsToTheAnchor(double threshold) {
        Fixture f = new Fixture(29, 3000, config().withResidualEncoding(true).withReanchorThreshold(threshold));
        float[] anchorsBefore = f.index.anchors();
        MaintenanceReport report = step(f.index, new LazyUpdate());
        float[] centroids = f.index.centroids();
        float[] anchors = f.index.anchors();
        long expectedReencoded = 0;
        for (int list = 0; list < K; list++) {
            long[] ids = f.index.listIds(list);
            if (ids.length == 0) {
                continue;
            }
            // the rule against a brute-force spread: re-anchor iff ‖c − a‖² > θ · mean ‖x − c‖²
            double spread = 0;
            for (long id : ids) {
                for (int j = 0; j < D; j++) {
                    double diff = f.data[(int) id * D + j] - centroids[list * D + j];
                    spread += diff * diff / ids.length;
                }
            }
            double drift = Distances.squaredL2(centroids, list * D, anchorsBefore, list * D, D);
            float[] anchor = Arrays.copyOfRange(anchors, list * D, (list + 1) * D);
            if (drift > threshold * spread * (1 + 1e-6)) {
                assertArrayEquals(Arrays.copyOfRange(centroids, list * D, (list + 1) * D), anchor, 0f);
                expectedReencoded += ids.length;
            } else if (drift < threshold * spread * (1 - 1e-6)) {
                assertArrayEquals(Arrays.copyOfRange(anchorsBefore, list * D, (list + 1) * D), anchor, 0f);
            }
        }
        assertEquals(expectedReencoded, report.reencodedVectors());
        if (threshold == 0) {
            // every non-empty list's mean differs from its trained centroid: all 3000 re-encoded
            assertEquals(3000, report.reencodedVectors());
        } else {
            // measured 612: most lists drifted by less than about a sixth of their RMS spread
            assertTrue(report.reencodedVectors() < 1000, "re-encoded " + report.reencodedVectors());
        }
        ProductQuantizer pq = f.index.productQuantizer();
        byte[] code = new byte[M];
        float[] residual = new float[D];
        float[] reconstruction = new float[D];
        for (int q = 0; q < 20; q++) {
            float[] query = f.query();
            SearchResult result = f.index.search(query, 10, K);
            long[] ids = result.ids();
            for (int r = 0; r < ids.length; r++) {
                // the returned distance must be to a + PQ(x − a) for the list's current anchor a
                int list = f.index.listOf(ids[r]);
                for (int j = 0; j < D; j++) {
                    residual[j] = f.data[(int) ids[r] * D + j] - anchors[list * D + j];
                }
                pq.encode(residual, 0, code, 0);
                pq.decode(code, 0, reconstruction, 0);
                for (int j = 0; j < D; j++) {
                    reconstruction[j] += anchors[list * D + j];
                }
                float expected = Distances.squaredL2(query, 0, reconstruction, 0, D);
                assertEquals(expected, result.distances()[r], 1e-4f * Math.max(1f, expected));
            }
        }
    }

    @Test
    void indexWrittenInFormatOneRestoresWithAnchorsAtTheCentroids() throws IOException {
        // ann/ivfpq-index-v1.bin was written by format 1 from exactly this fixture after the deletes and
        // one Lazy step (which then re-encoded every moved list, as θ = 0 does), and
        // ann/quantizer-update-v1.bin is the Split that index planned next
        Fixture f = new Fixture(28, 2000, config().withResidualEncoding(true).withReanchorThreshold(0));
        for (long id = 0; id < 2000; id += 7) {
            f.index.remove(id);
        }
        step(f.index, new LazyUpdate());
        IvfPqIndex restored = readResource("ann/ivfpq-index-v1.bin", new IvfPqIndex.Codec());
        QuantizerUpdate split = readResource("ann/quantizer-update-v1.bin", new QuantizerUpdate.Codec());
        assertEquals(0.0, restored.config().reanchorThreshold());
        assertArrayEquals(restored.centroids(), restored.anchors(), 0f);
        assertArrayEquals(f.index.anchors(), restored.anchors(), 0f);
        assertArrayEquals(split.centroids(), split.anchors(), 0f);
        assertArrayEquals(new Split(2).plan(f.index.view()).orElseThrow().centroids(), split.centroids(), 0f);
        f.index.apply(split);
        restored.apply(split);
        assertSameAnswers(f, restored);
    }

    private static <T> T readResource(String name, StateCodec<T> codec) throws IOException {
        ClassLoader loader = IvfPqIndexTest.class.getClassLoader();
        try (DataInputStream in = new DataInputStream(loader.getResourceAsStream(name))) {
            return codec.read(in, in.readInt());
        }
    }

    @Test
    void rebuildRetrainsAndKeepsEveryVector() {
        Fixture f = new Fixture(30, 2000, config());
        MaintenanceReport report = step(f.index, new Rebuild());
        assertEquals(MaintenanceReport.Kind.REBUILD, report.kind());
        assertEquals(2000, report.reencodedVectors());
        assertEquals(2000, f.index.size());
        assertEquals(2000, f.index.search(f.query(), 2000, K).size());
    }

    /**
     * A rebuild re-encodes each reassigned list in one batch (one vector per lane with 4-dimensional
     * sub-vectors): every vector gets the list and the code that adding it alone to an empty index with
     * the rebuild's quantizer gives it, so both indexes return every id at bit-identical distances.
     */
    @Test
    void rebuildEncodesEveryVectorAsAddingItAloneDoes() {
        IvfPqConfig config = new IvfPqConfig(D, K, 4).withResidualEncoding(true).withTrainingIterations(10).withSeed(3);
        Fixture f = new Fixture(32, 3000, config);
        for (long id = 0; id < 3000; id += 11) {
            f.index.remove(id);
        }
        QuantizerUpdate rebuild = new Rebuild().plan(f.index.view()).orElseThrow();
        IvfPqIndex reference = IvfPqIndex.empty(config, rebuild);
        for (int id = 0; id < 3000; id++) {
            if (id % 11 != 0) {
                reference.add(id, ClusteredData.row(f.data, id, D), id);
            }
        }
        f.index.apply(rebuild);
        assertEquals(reference.size(), f.index.size());
        for (int id = 1; id < 3000; id++) {
            assertEquals(reference.listOf(id), f.index.listOf(id), "id " + id);
        }
        for (int q = 0; q < 5; q++) {
            float[] query = f.query();
            Map<Long, Float> expected = distancesById(reference.search(query, 3000, K));
            Map<Long, Float> actual = distancesById(f.index.search(query, 3000, K));
            assertEquals(expected.keySet(), actual.keySet());
            for (Map.Entry<Long, Float> entry : expected.entrySet()) {
                assertEquals(entry.getValue(), actual.get(entry.getKey()), 0f, "id " + entry.getKey());
            }
        }
    }

    private static Map<Long, Float> distancesById(SearchResult result) {
        Map<Long, Float> distances = new HashMap<>();
        for (int r = 0; r < result.size(); r++) {
            distances.put(result.ids()[r], result.distances()[r]);
        }
        return distances;
    }

    @Test
    void rejectsBadInput() {
        Fixture f = new Fixture(31, 100, config());
        assertThrows(IllegalArgumentException.class, () -> f.index.add(1, new float[D - 1], 0));
        float[] nan = new float[D];
        nan[3] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> f.index.add(1, nan, 0));
        assertThrows(IllegalArgumentException.class, () -> f.index.search(new float[D], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> f.index.search(new float[D], 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Split(K).plan(f.index.view()));
        assertThrows(IllegalArgumentException.class, () -> new IvfPqConfig(16, 8, 5));
        assertThrows(IllegalArgumentException.class, () -> new IvfPqConfig(16, 8, 4).withSplitLists(8));
        for (double threshold : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IvfPqConfig config = new IvfPqConfig(16, 8, 4);
            assertThrows(IllegalArgumentException.class, () -> config.withReanchorThreshold(threshold));
        }
        assertEquals(100, f.index.size());
        assertEquals(100 - K + 1, f.index.expireBefore(100 - K + 1));
        assertThrows(IllegalStateException.class, () -> new Rebuild().plan(f.index.view()));
    }
}
