package io.flinkdrift.core.ann;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProductQuantizerTest {

    private static final int D = 16;
    private static final int M = 4;

    private static ProductQuantizer trained(Random random, float[] data, int n) {
        return ProductQuantizer.train(data, n, D, M, 10, random.nextLong());
    }

    @Test
    void asymmetricDistanceIsTheExactDistanceToTheReconstruction() {
        Random random = new Random(11);
        float[] means = ClusteredData.means(10, D, 4, random);
        float[] data = ClusteredData.sample(1000, means, D, 1.0, random);
        ProductQuantizer pq = trained(random, data, 1000);
        assertEquals(256, pq.numCodewords());
        float[] table = new float[pq.distanceTableSize()];
        byte[] code = new byte[M];
        float[] reconstruction = new float[D];
        for (int q = 0; q < 20; q++) {
            float[] query = ClusteredData.row(ClusteredData.sample(1, means, D, 1.0, random), 0, D);
            pq.computeDistanceTable(query, 0, table);
            for (int i = 0; i < 200; i++) {
                pq.encode(data, i * D, code, 0);
                pq.decode(code, 0, reconstruction, 0);
                float adc = pq.asymmetricDistance(table, code, 0);
                float exact = Distances.squaredL2(query, 0, reconstruction, 0, D);
                assertEquals(exact, adc, 1e-4f * Math.max(1f, exact));
                // triangle inequality: | ‖q − x‖ − ‖q − x̂‖ | ≤ ‖x − x̂‖ (the quantisation error)
                double trueDistance = Math.sqrt(Distances.squaredL2(query, 0, data, i * D, D));
                double error = Math.sqrt(Distances.squaredL2(data, i * D, reconstruction, 0, D));
                assertTrue(Math.abs(trueDistance - Math.sqrt(adc)) <= error + 1e-4);
            }
        }
    }

    @Test
    void encodeChoosesTheNearestCodewordOfEverySubQuantizer() {
        Random random = new Random(12);
        float[] data = ClusteredData.sample(600, ClusteredData.means(5, D, 3, random), D, 1.0, random);
        ProductQuantizer pq = trained(random, data, 600);
        float[] codebooks = pq.codebooks();
        int sub = D / M;
        int k = pq.numCodewords();
        byte[] code = new byte[M];
        for (int i = 0; i < 100; i++) {
            pq.encode(data, i * D, code, 0);
            for (int m = 0; m < M; m++) {
                int x = i * D + m * sub;
                float chosen = Distances.squaredL2(data, x, codebooks, (m * k + (code[m] & 0xFF)) * sub, sub);
                for (int c = 0; c < k; c++) {
                    assertTrue(chosen <= Distances.squaredL2(data, x, codebooks, (m * k + c) * sub, sub));
                }
            }
        }
    }

    /** Batched codes are, byte for byte, the first minimum of the direct distance per sub-quantizer. */
    @Test
    void encodeAllGivesEveryVectorTheFirstNearestCodewordOfEverySubQuantizer() {
        Random random = new Random(14);
        float[] data = ClusteredData.sample(800, ClusteredData.means(5, D, 3, random), D, 1.0, random);
        ProductQuantizer pq = trained(random, data, 800);
        float[] codebooks = pq.codebooks();
        int sub = D / M;
        int k = pq.numCodewords();
        // vectors lying exactly on codewords (ties between duplicates included) beside the data
        for (int i = 0; i < 100; i++) {
            for (int m = 0; m < M; m++) {
                System.arraycopy(codebooks, (m * k + random.nextInt(k)) * sub, data, i * D + m * sub, sub);
            }
        }
        byte[] codes = new byte[3 + 800 * M];
        pq.encodeAll(data, 0, 800, codes, 3);
        for (int i = 0; i < 800; i++) {
            for (int m = 0; m < M; m++) {
                int x = i * D + m * sub;
                int expected = 0;
                for (int c = 1; c < k; c++) {
                    if (Distances.squaredL2(data, x, codebooks, (m * k + c) * sub, sub)
                            < Distances.squaredL2(data, x, codebooks, (m * k + expected) * sub, sub)) {
                        expected = c;
                    }
                }
                assertEquals(expected, codes[3 + i * M + m] & 0xFF, "vector " + i + ", sub-quantizer " + m);
            }
        }
    }

    @Test
    void tinyTrainingSetsGetOneCodewordPerTrainingVectorAndReconstructItExactly() {
        Random random = new Random(13);
        float[] data = ClusteredData.sample(40, ClusteredData.means(3, D, 3, random), D, 1.0, random);
        ProductQuantizer pq = trained(random, data, 40);
        assertEquals(40, pq.numCodewords());
        byte[] code = new byte[M];
        float[] reconstruction = new float[D];
        for (int i = 0; i < 40; i++) {
            pq.encode(data, i * D, code, 0);
            pq.decode(code, 0, reconstruction, 0);
            assertArrayEquals(ClusteredData.row(data, i, D), reconstruction, 0f);
        }
    }

    @Test
    void rejectsInvalidShapes() {
        assertThrows(IllegalArgumentException.class, () -> ProductQuantizer.train(new float[30], 2, 15, 4, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ProductQuantizer(8, 2, 257, new float[257 * 8]));
        assertThrows(IllegalArgumentException.class, () -> new ProductQuantizer(8, 2, 4, new float[31]));
    }

    /**
     * One warm-started Lloyd update per sub-quantizer ({@link ProductQuantizer#refine}) against brute
     * force: each codeword (all have members on this data) moves to the mean (double sums) of the sub-vectors whose first
     * nearest codeword it was; the errors are Σ‖x − decode(encode(x))‖² before and after (double sums of
     * the float distances, in order), and the error does not grow.
     */
    @Test
    void refineIsOneLloydUpdateFromTheCurrentCodewords() {
        Random random = new Random(17);
        int n = 3000;
        float[] data = new float[n * D];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        ProductQuantizer pq = ProductQuantizer.train(data, 600, D, M, 3, 9);
        float[] shifted = data.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = 1.1f * shifted[i] + 0.1f;
        }
        ProductQuantizer.Refined refined = pq.refine(shifted, n, 1);
        int sub = D / M;
        int codewords = pq.numCodewords();
        float[] before = pq.codebooks();
        float[] after = refined.quantizer().codebooks();
        double errorBefore = 0;
        double errorAfter = 0;
        for (int m = 0; m < M; m++) {
            double[] sums = new double[codewords * sub];
            int[] counts = new int[codewords];
            for (int i = 0; i < n; i++) {
                int nearest = nearest(shifted, i * D + m * sub, before, m * codewords * sub, codewords, sub);
                errorBefore += Distances.squaredL2(shifted, i * D + m * sub, before,
                        (m * codewords + nearest) * sub, sub);
                counts[nearest]++;
                for (int j = 0; j < sub; j++) {
                    sums[nearest * sub + j] += shifted[i * D + m * sub + j];
                }
            }
            for (int c = 0; c < codewords; c++) {
                // no codeword is left empty here, so none is re-seeded by splitting another
                assertTrue(counts[c] > 0, "sub-quantizer " + m + ", codeword " + c + " has no member");
                for (int j = 0; j < sub; j++) {
                    assertEquals((float) (sums[c * sub + j] / counts[c]), after[(m * codewords + c) * sub + j], 0f,
                            "sub-quantizer " + m + ", codeword " + c);
                }
            }
            for (int i = 0; i < n; i++) {
                int nearest = nearest(shifted, i * D + m * sub, after, m * codewords * sub, codewords, sub);
                errorAfter += Distances.squaredL2(shifted, i * D + m * sub, after,
                        (m * codewords + nearest) * sub, sub);
            }
        }
        assertEquals(errorBefore, refined.errorBefore(), 1e-9 * errorBefore);
        assertEquals(errorAfter, refined.errorAfter(), 1e-9 * errorAfter);
        assertTrue(refined.errorAfter() < refined.errorBefore());
        assertEquals(codewords, refined.quantizer().numCodewords());
    }

    /** The first nearest of {@code count} codewords at table[offset..) to x[xOffset..xOffset+sub). */
    private static int nearest(float[] x, int xOffset, float[] table, int offset, int count, int sub) {
        int best = 0;
        float bestDistance = Float.POSITIVE_INFINITY;
        for (int c = 0; c < count; c++) {
            float distance = Distances.squaredL2(x, xOffset, table, offset + c * sub, sub);
            if (distance < bestDistance) {
                best = c;
                bestDistance = distance;
            }
        }
        return best;
    }
}
