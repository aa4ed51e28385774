package io.flinkdrift.core.ann;

import io.flinkdrift.core.state.StateCodec;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link ListStatistics}: one index's statistics give exactly its own view's sizes, means and spreads
 * (so Lazy plans the same update on either); two shards' merged statistics have the union's counts
 * and, up to summation order, its sums; the codec round-trips them bit for bit.
 */
class ListStatisticsTest {

    private static final int D = 6;
    private static final IvfPqConfig CONFIG = new IvfPqConfig(D, 8, 3).withResidualEncoding(true)
            .withTrainingIterations(5).withSeed(2);

    private static IvfPqIndex[] indexes(int shards, int n) {
        SplittableRandom random = new SplittableRandom(11);
        float[] vectors = new float[n * D];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = (float) (3 * Math.sin(i % 5) + random.nextGaussian());
        }
        IvfPqIndex trained = IvfPqIndex.train(CONFIG, vectors, n);
        IvfPqIndex[] parts = new IvfPqIndex[shards + 1];  // the shards, then the union
        for (int s = 0; s <= shards; s++) {
            parts[s] = IvfPqIndex.empty(CONFIG, trained.quantizer());
        }
        for (int i = 0; i < n; i++) {
            float[] v = java.util.Arrays.copyOfRange(vectors, i * D, (i + 1) * D);
            parts[i % shards].add(i, v, i);
            parts[shards].add(i, v, i);
        }
        for (IvfPqIndex part : parts) {
            part.expireBefore(n / 10);
        }
        return parts;
    }

    @Test
    void oneIndexsStatisticsAreItsOwnView() {
        IvfPqIndex index = indexes(1, 400)[0];
        IvfPqIndex.View own = index.view();
        IvfPqIndex.View statistics = ListStatistics.of(index).view(CONFIG, index.quantizer());
        float[] a = new float[D];
        float[] b = new float[D];
        for (int list = 0; list < CONFIG.numLists(); list++) {
            assertEquals(own.liveSize(list), statistics.liveSize(list));
            if (own.liveSize(list) > 0) {
                own.meanInto(list, a, 0);
                statistics.meanInto(list, b, 0);
                assertArrayEquals(a, b, 0f);
                assertEquals(own.meanSquaredDistance(list, a, 0), statistics.meanSquaredDistance(list, a, 0), 0.0);
            }
        }
        QuantizerUpdate fromView = new LazyUpdate().plan(own).orElseThrow();
        QuantizerUpdate fromStatistics = new LazyUpdate().plan(statistics).orElseThrow();
        assertArrayEquals(fromView.centroids(), fromStatistics.centroids(), 0f);
        assertArrayEquals(fromView.anchors(), fromStatistics.anchors(), 0f);
        assertEquals(fromView.version(), fromStatistics.version());
        assertThrows(UnsupportedOperationException.class, () -> statistics.liveVectors(statistics.allLists()));
        assertThrows(UnsupportedOperationException.class, () -> new Split(2).plan(statistics));
    }

    @Test
    void mergedShardsHaveTheUnionsCountsAndSums() {
        IvfPqIndex[] parts = indexes(3, 600);
        ListStatistics merged = ListStatistics.of(parts[0]).plus(ListStatistics.of(parts[1]))
                .plus(ListStatistics.of(parts[2]));
        ListStatistics union = ListStatistics.of(parts[3]);
        assertArrayEquals(union.counts(), merged.counts());
        assertArrayEquals(union.sums(), merged.sums(), 1e-9);
        assertArrayEquals(union.sumsOfSquares(), merged.sumsOfSquares(), 1e-8);
        assertEquals(parts[3].size(), merged.liveVectors());
        assertEquals(CONFIG.numLists() * (D + 2), merged.numbers());
    }

    @Test
    void theCodecRoundTripsBitForBit() {
        ListStatistics statistics = ListStatistics.of(indexes(2, 300)[0]);
        StateCodec<ListStatistics> codec = new ListStatistics.Codec();
        ListStatistics copy = codec.copy(statistics);
        assertArrayEquals(statistics.counts(), copy.counts());
        assertArrayEquals(statistics.sums(), copy.sums(), 0.0);
        assertArrayEquals(statistics.sumsOfSquares(), copy.sumsOfSquares(), 0.0);
    }
}
