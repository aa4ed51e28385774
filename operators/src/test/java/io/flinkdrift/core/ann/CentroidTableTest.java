package io.flinkdrift.core.ann;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CentroidTableTest {

    @Test
    void distancesEqualPairwiseSquaredL2BitForBitAndNearestIsTheFirstMinimum() {
        Random random = new Random(4);
        for (int d : new int[] {1, 3, 4, 32, 67}) {
            int k = 1 + random.nextInt(300);
            float[] centroids = new float[(k + 2) * d];
            for (int i = 0; i < centroids.length; i++) {
                centroids[i] = (float) (3 * random.nextGaussian());
            }
            // the table reads k rows from row 2 on; duplicate a row so that nearest must break a tie
            System.arraycopy(centroids, 2 * d, centroids, (k + 1) * d, d);
            CentroidTable table = new CentroidTable(centroids, 2 * d, k, d);
            float[] distances = new float[k];
            for (int trial = 0; trial < 20; trial++) {
                float[] x = new float[d + 5];
                for (int j = 0; j < x.length; j++) {
                    x[j] = (float) (3 * random.nextGaussian());
                }
                if (trial == 0) {
                    System.arraycopy(centroids, 2 * d, x, 5, d); // exactly on centroid 0 and its duplicate
                }
                int nearest = table.nearest(x, 5, distances);
                int expected = 0;
                for (int c = 0; c < k; c++) {
                    float exact = Distances.squaredL2(x, 5, centroids, (2 + c) * d, d);
                    assertEquals(Float.floatToIntBits(exact), Float.floatToIntBits(distances[c]), "d=" + d);
                    if (exact < Distances.squaredL2(x, 5, centroids, (2 + expected) * d, d)) {
                        expected = c;
                    }
                }
                assertEquals(expected, nearest, "d=" + d + ", k=" + k);
            }
        }
    }
}
