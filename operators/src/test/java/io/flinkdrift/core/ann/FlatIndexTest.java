package io.flinkdrift.core.ann;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link FlatIndex#expireBefore(long)} against an index built from the surviving vectors only, and
 * the codec keeping timestamps.
 */
class FlatIndexTest {

    private static final int D = 4;

    @Test
    void expiryLeavesExactlyTheNewerVectorsAndTheCodecKeepsTimestamps() {
        Random random = new Random(11);
        FlatIndex all = new FlatIndex(D);
        FlatIndex survivors = new FlatIndex(D);
        long cutoff = 500;
        for (int id = 0; id < 300; id++) {
            float[] vector = new float[D];
            for (int j = 0; j < D; j++) {
                vector[j] = (float) random.nextGaussian();
            }
            long timestamp = random.nextInt(1000);  // out of order, so expiry punches holes anywhere
            all.add(id, vector, timestamp);
            if (timestamp >= cutoff) {
                survivors.add(id, vector, timestamp);
            }
        }
        all.add(1000, new float[D]);  // no time: never expires
        survivors.add(1000, new float[D]);
        FlatIndex restored = new FlatIndex.Codec().copy(all);

        int removed = all.expireBefore(cutoff);
        assertEquals(301 - survivors.size(), removed);
        assertEquals(survivors.size(), all.size());
        assertEquals(removed, restored.expireBefore(cutoff), "timestamps survive the codec");
        for (int q = 0; q < 20; q++) {
            float[] query = {(float) random.nextGaussian(), (float) random.nextGaussian(), 0, 1};
            SearchResult want = survivors.search(query, 400);
            assertArrayEquals(want.ids(), all.search(query, 400).ids());
            assertArrayEquals(want.distances(), restored.search(query, 400).distances());
        }
        all.expireBefore(Long.MAX_VALUE);
        assertEquals(1, all.size(), "only the vector without time is left");
        assertArrayEquals(new long[] {1000}, all.search(new float[D], 1).ids());
    }
}
