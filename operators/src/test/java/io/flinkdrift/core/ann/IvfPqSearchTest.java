package io.flinkdrift.core.ann;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The search path (precomputed residual tables, the code-scan kernels, batched search): every answer
 * equals, ids, bit-identical distances and scanned count, that of a reference search written as the
 * definition — the nprobe centroids nearest by (direct distance, list), per segment the direct distance
 * table of q − a (or q), every live code's asymmetric distance, the k best by (distance, id) — on
 * drifting data with segments, tombstones and every kernel (M = 16, 8 and a generic M); the
 * decomposed values stay within {@link ResidualTables#bound} of the direct ones; batched search returns
 * exactly what one-by-one search does; {@link CentroidTable#nearest} is the direct formula's first
 * {@code count}.
 */
class IvfPqSearchTest {

    /** A drifting index: trained, filled over rounds of rotating means with deletes, a Lazy step after each. */
    private static IvfPqIndex drifted(IvfPqConfig config, double offset, double sigma, long seed) {
        int d = config.dimension();
        Random random = new Random(seed);
        float[] means = ClusteredData.means(12, d, 5, random);
        for (int i = 0; i < means.length; i++) {
            means[i] += (float) offset;
        }
        IvfPqIndex index = IvfPqIndex.train(config, ClusteredData.sample(1500, means, d, sigma, random), 1500);
        long id = 0;
        for (int round = 0; round < 4; round++) {
            means = rotatedAbout(means, d, offset);
            float[] data = ClusteredData.sample(700, means, d, sigma, random);
            for (int i = 0; i < 700; i++) {
                index.add(id, ClusteredData.row(data, i, d), round);
                if (id % 5 == 2) {
                    index.remove(id - 2);
                }
                id++;
            }
            index.apply(new LazyUpdate().plan(index.view()).orElseThrow());
        }
        return index;
    }

    private static float[] rotatedAbout(float[] means, int d, double offset) {
        float[] centred = means.clone();
        for (int i = 0; i < centred.length; i++) {
            centred[i] -= (float) offset;
        }
        float[] rotated = ClusteredData.rotated(centred, 0.15);
        for (int i = 0; i < rotated.length; i++) {
            rotated[i] += (float) offset;
        }
        return rotated;
    }

    private static IvfPqConfig config(int d, int k, int m, boolean residual, int maxSegments) {
        return new IvfPqConfig(d, k, m).withResidualEncoding(residual).withReanchorThreshold(0)
                .withMaxSegments(maxSegments).withTrainingIterations(8).withSplitLists(1).withSeed(7);
    }

    /** The definition of a search, over the index's lists and segments. */
    private static SearchResult reference(IvfPqIndex index, float[] query, int k, int nprobe) {
        IvfPqConfig config = index.config();
        int d = config.dimension();
        int numLists = config.numLists();
        float[] centroids = index.centroids();
        float[] anchors = index.anchors();
        ProductQuantizer pq = index.productQuantizer();
        Integer[] order = new Integer[numLists];
        float[] coarse = new float[numLists];
        for (int list = 0; list < numLists; list++) {
            order[list] = list;
            coarse[list] = Distances.squaredL2(query, 0, centroids, list * d, d);
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(list -> coarse[list]).thenComparing(list -> list));
        List<float[]> found = new ArrayList<>(); // {distance, id} as floats would lose ids: keep parallel lists
        List<Long> ids = new ArrayList<>();
        float[] table = new float[pq.distanceTableSize()];
        float[] residual = new float[d];
        for (int p = 0; p < Math.min(nprobe, numLists); p++) {
            int list = order[p];
            InvertedList invertedList = index.invertedList(list);
            for (int segment = 0; segment < invertedList.segments(); segment++) {
                boolean open = segment == invertedList.segments() - 1;
                float[] anchorSource = open ? anchors : invertedList.olderAnchors;
                int offset = (open ? list : segment) * d;
                for (int j = 0; j < d; j++) {
                    residual[j] = config.residualEncoding() ? query[j] - anchorSource[offset + j] : query[j];
                }
                pq.computeDistanceTable(residual, 0, table);
                for (int position = invertedList.segmentStart(segment); position < invertedList.segmentEnd(segment);
                        position++) {
                    if (!invertedList.isDead(position)) {
                        found.add(new float[] {pq.asymmetricDistance(table, invertedList.codes, position * config.numSubQuantizers())});
                        ids.add(invertedList.ids[position]);
                    }
                }
            }
        }
        Integer[] rank = new Integer[found.size()];
        for (int i = 0; i < rank.length; i++) {
            rank[i] = i;
        }
        Arrays.sort(rank, Comparator.<Integer>comparingDouble(i -> found.get(i)[0]).thenComparing(ids::get));
        int n = Math.min(k, rank.length);
        long[] bestIds = new long[n];
        float[] bestDistances = new float[n];
        for (int r = 0; r < n; r++) {
            bestIds[r] = ids.get(rank[r]);
            bestDistances[r] = found.get(rank[r])[0];
        }
        return SearchResult.of(bestIds, bestDistances, rank.length);
    }

    private static void assertSame(SearchResult expected, SearchResult actual, String what) {
        assertArrayEquals(expected.ids(), actual.ids(), what);
        assertArrayEquals(expected.distances(), actual.distances(), 0f, what);
        assertEquals(expected.scanned(), actual.scanned(), what);
    }

    private static float[][] queries(int n, int d, double offset, long seed) {
        Random random = new Random(seed);
        float[][] queries = new float[n][d];
        for (float[] query : queries) {
            for (int j = 0; j < d; j++) {
                query[j] = (float) (offset + 5 * random.nextGaussian());
            }
        }
        return queries;
    }

    @ParameterizedTest(name = "d={0} K={1} M={2} residual={3} segments={4} offset={5}")
    @CsvSource({
        "64, 16, 16, true, 3, 0",     // the M = 16 kernel, older segments
        "32, 16, 8, true, 1, 0",      // the M = 8 kernel
        "12, 16, 3, true, 2, 0",      // the generic kernel
        "12, 16, 3, false, 1, 0",     // codes of x: one direct table per query, no decomposition
        "32, 16, 8, false, 1, 0",
        "64, 16, 16, true, 2, 1000"   // far from the origin: the decomposition cancels, re-scoring decides
    })
    void searchEqualsTheDefinitionAndBatchedEqualsOneByOne(int d, int numLists, int m, boolean residual,
            int maxSegments, double offset) {
        IvfPqIndex index = drifted(config(d, numLists, m, residual, maxSegments), offset, offset > 0 ? 0.05 : 1, 11);
        float[][] queries = queries(23, d, offset, 12);
        for (int nprobe : new int[] {1, 3, numLists}) {
            for (int k : new int[] {1, 10, 5000}) {
                SearchResult[] batched = index.search(queries, k, nprobe);
                for (int q = 0; q < queries.length; q++) {
                    String what = "query " + q + " k " + k + " nprobe " + nprobe;
                    SearchResult single = index.search(queries[q], k, nprobe);
                    assertSame(reference(index, queries[q], k, nprobe), single, what);
                    assertSame(single, batched[q], what + " batched");
                }
            }
        }
    }

    /** The decomposed value A of every live code, as the search combines it, is within the bound of its direct distance. */
    @ParameterizedTest(name = "offset={0}")
    @CsvSource({"0", "1000"})
    void decomposedValuesAreWithinTheBoundOfTheDirectOnes(double offset) {
        int d = 64;
        int m = 16;
        IvfPqIndex index = drifted(config(d, 16, m, true, 2), offset, offset > 0 ? 0.05 : 1, 13);
        ProductQuantizer pq = index.productQuantizer();
        float[] anchors = index.anchors();
        InvertedList[] lists = new InvertedList[16];
        for (int list = 0; list < lists.length; list++) {
            lists[list] = index.invertedList(list);
        }
        ResidualTables tables = ResidualTables.of(pq, anchors, lists, null);
        int ksub = pq.numCodewords();
        float[] products = new float[m * ksub];
        float[] residual = new float[d];
        int differing = 0;
        int codes = 0;
        for (float[] query : queries(10, d, offset, 14)) {
            tables.innerProducts(query, 0, products);
            double queryNorm = norm(query, 0, d);
            for (int list = 0; list < lists.length; list++) {
                InvertedList invertedList = lists[list];
                for (int segment = 0; segment < invertedList.segments(); segment++) {
                    boolean open = segment == invertedList.segments() - 1;
                    float[] anchorSource = open ? anchors : invertedList.olderAnchors;
                    int at = (open ? list : segment) * d;
                    float[] terms = open ? tables.openTable(list)
                            : tables.olderTable(list, segment, invertedList.olderAnchors);
                    float bias = Distances.squaredL2(query, 0, anchorSource, at, d);
                    float bound = tables.bound(bias, queryNorm, norm(anchorSource, at, d));
                    for (int j = 0; j < d; j++) {
                        residual[j] = query[j] - anchorSource[at + j];
                    }
                    for (int position = invertedList.segmentStart(segment); position < invertedList.segmentEnd(segment);
                            position++) {
                        float decomposed = bias;
                        for (int s = 0; s < m; s++) {
                            int e = s * ksub + (invertedList.codes[position * m + s] & 0xFF);
                            decomposed += terms[e] - 2 * products[e];
                        }
                        float direct = tables.directDistance(residual, invertedList.codes, position * m);
                        assertTrue(Math.abs(decomposed - direct) <= bound,
                                "list " + list + ": " + decomposed + " against " + direct + ", bound " + bound);
                        differing += decomposed == direct ? 0 : 1;
                        codes++;
                    }
                }
            }
        }
        assertTrue(codes > 1000, "codes " + codes);
        if (offset > 0) {
            // most values differ here, so the search's equality with the definition rests on re-scoring
            assertTrue(differing > codes / 2, differing + " of " + codes + " differ");
        }
    }

    /** {@link ResidualTables#directDistance} is the table's asymmetric distance, bit for bit. */
    @Test
    void directDistanceIsTheTablesDistance() {
        IvfPqIndex index = drifted(config(24, 16, 6, true, 1), 0, 1, 15);
        ProductQuantizer pq = index.productQuantizer();
        ResidualTables tables = ResidualTables.of(pq, index.anchors(), new InvertedList[0], null);
        float[] table = new float[pq.distanceTableSize()];
        Random random = new Random(16);
        byte[] code = new byte[6];
        for (float[] residual : queries(50, 24, 0, 17)) {
            pq.computeDistanceTable(residual, 0, table);
            for (int c = 0; c < 20; c++) {
                random.nextBytes(code);
                for (int s = 0; s < code.length; s++) {
                    code[s] = (byte) ((code[s] & 0xFF) % pq.numCodewords());
                }
                assertEquals(pq.asymmetricDistance(table, code, 0), tables.directDistance(residual, code, 0), 0f);
            }
        }
    }

    /** The tables of lists whose anchor did not move are kept from the previous state, the others recomputed. */
    @Test
    void tablesOfUnmovedListsAreReused() {
        IvfPqIndex index = drifted(config(32, 16, 8, true, 2), 0, 1, 18);
        ProductQuantizer pq = index.productQuantizer();
        float[] anchors = index.anchors();
        InvertedList[] lists = new InvertedList[16];
        for (int list = 0; list < lists.length; list++) {
            lists[list] = index.invertedList(list);
        }
        ResidualTables before = ResidualTables.of(pq, anchors, lists, null);
        float[] moved = anchors.clone();
        moved[3 * 32] += 0.5f;
        ResidualTables after = ResidualTables.of(pq, moved, lists, before);
        ResidualTables fresh = ResidualTables.of(pq, moved, lists, null);
        for (int list = 0; list < lists.length; list++) {
            if (list == 3) {
                assertTrue(after.openTable(list) != before.openTable(list));
            } else {
                assertTrue(after.openTable(list) == before.openTable(list), "list " + list);
            }
            assertArrayEquals(fresh.openTable(list), after.openTable(list), 0f, "list " + list);
            for (int segment = 0; segment < lists[list].olderEnds.length; segment++) {
                assertArrayEquals(fresh.olderTable(list, segment, lists[list].olderAnchors),
                        after.olderTable(list, segment, lists[list].olderAnchors), 0f, "list " + list);
            }
        }
    }

    /** {@link CentroidTable#nearest}: the first count centroids by (direct distance, index), in order, ties and cancellation included. */
    @Test
    void nearestCentroidsAreTheDirectFirstCount() {
        Random random = new Random(19);
        TopK scratchTopK = new TopK(64);
        for (int d : new int[] {1, 4, 7, 8, 13, 64, 67}) {
            for (int k : new int[] {1, 5, 64}) {
                for (double offset : new double[] {0, 1e4}) {
                    float[] centroids = new float[k * d];
                    for (int i = 0; i < centroids.length; i++) {
                        centroids[i] = (float) (offset + random.nextGaussian());
                    }
                    if (k > 2) {
                        System.arraycopy(centroids, 0, centroids, 2 * d, d); // a duplicate: a tie
                    }
                    CentroidTable table = new CentroidTable(centroids, 0, k, d);
                    int n = 9;
                    float[] points = new float[n * d];
                    for (int i = 0; i < points.length; i++) {
                        points[i] = (float) (offset + random.nextGaussian());
                    }
                    System.arraycopy(centroids, 0, points, 0, d); // a point on a centroid
                    for (int count : new int[] {1, Math.max(1, k / 2), k}) {
                        int[] out = new int[n * count];
                        table.nearest(points, 0, d, n, count, out, new float[5][k], scratchTopK);
                        for (int i = 0; i < n; i++) {
                            Integer[] order = new Integer[k];
                            float[] direct = new float[k];
                            for (int c = 0; c < k; c++) {
                                order[c] = c;
                                direct[c] = Distances.squaredL2(points, i * d, centroids, c * d, d);
                            }
                            Arrays.sort(order, Comparator.<Integer>comparingDouble(c -> direct[c]).thenComparing(c -> c));
                            int[] expected = new int[count];
                            for (int r = 0; r < count; r++) {
                                expected[r] = order[r];
                            }
                            int[] actual = Arrays.copyOfRange(out, i * count, (i + 1) * count);
                            assertArrayEquals(expected, actual, "d " + d + " k " + k + " count " + count + " point " + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void batchedSearchChecksEveryQueryFirst() {
        IvfPqIndex index = drifted(config(12, 16, 3, true, 1), 0, 1, 20);
        float[][] queries = queries(3, 12, 0, 21);
        queries[2] = new float[11];
        assertThrows(IllegalArgumentException.class, () -> index.search(queries, 10, 2));
        assertThrows(IllegalArgumentException.class, () -> index.search(new float[][] {new float[12]}, 0, 2));
        assertEquals(0, index.search(new float[0][], 10, 2).length);
    }

    private static double norm(float[] x, int offset, int d) {
        double squared = 0;
        for (int j = 0; j < d; j++) {
            squared += (double) x[offset + j] * x[offset + j];
        }
        return Math.sqrt(squared);
    }
}
