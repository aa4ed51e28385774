package io.flinkdrift.core.ann;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KMeansTest {

    private static final int D = 4;

    @Test
    void recoversWellSeparatedMeans() {
        Random random = new Random(1);
        float[] means = {0, 0, 0, 0, 10, 0, 0, 0, 0, 10, 0, 0, 0, 0, 10, 10};
        float[] data = ClusteredData.sample(2000, means, D, 0.1, random);
        for (KMeans.Init init : KMeans.Init.values()) {
            KMeans.Result result = new KMeans(4, 25, 1e-6, init, 7).fit(data, 2000, D);
            float[] centroids = result.centroids();
            for (int m = 0; m < 4; m++) {
                float nearest = Float.POSITIVE_INFINITY;
                for (int c = 0; c < 4; c++) {
                    nearest = Math.min(nearest, Distances.squaredL2(means, m * D, centroids, c * D, D));
                }
                // the standard error of a mean of ~500 points with sigma 0.1 is ~0.005 per coordinate
                assertTrue(nearest < 0.03 * 0.03 * D, init + ": mean " + m + " not recovered, " + nearest);
            }
        }
    }

    @Test
    void resultIsALloydFixedPointWithConsistentAssignmentAndObjective() {
        Random random = new Random(2);
        float[] data = ClusteredData.sample(500, ClusteredData.means(6, D, 5, random), D, 1.0, random);
        KMeans.Result result = new KMeans(6, 50, 0, KMeans.Init.KMEANS_PLUS_PLUS, 3).fit(data, 500, D);
        float[] centroids = result.centroids();
        int[] assignment = result.assignment();
        double objective = 0;
        double[] sums = new double[6 * D];
        int[] counts = new int[6];
        for (int i = 0; i < 500; i++) {
            for (int c = 0; c < 6; c++) {
                assertTrue(Distances.squaredL2(data, i * D, centroids, assignment[i] * D, D)
                        <= Distances.squaredL2(data, i * D, centroids, c * D, D), "point " + i);
            }
            objective += Distances.squaredL2(data, i * D, centroids, assignment[i] * D, D);
            counts[assignment[i]]++;
            for (int j = 0; j < D; j++) {
                sums[assignment[i] * D + j] += data[i * D + j];
            }
        }
        assertEquals(objective, result.objective(), 1e-9 * objective);
        assertTrue(result.iterations() < 50, "tolerance 0 converges when the objective stops decreasing");
        for (int c = 0; c < 6; c++) {
            assertTrue(counts[c] > 0);
            for (int j = 0; j < D; j++) {
                assertEquals(sums[c * D + j] / counts[c], centroids[c * D + j], 1e-4, "centroid " + c);
            }
        }
    }

    @Test
    void emptyClustersAreReseededBySplittingTheLargest() {
        // two blobs, 6 clusters: an init with several seeds in one blob can empty a cluster
        Random random = new Random(4);
        float[] data = ClusteredData.sample(600, new float[] {1, 1, 1, 1, 20, 20, 20, 20}, D, 0.5, random);
        KMeans.Result result = new KMeans(6, 25, 0, KMeans.Init.RANDOM, 5).fit(data, 600, D);
        int[] counts = new int[6];
        for (int c : result.assignment()) {
            counts[c]++;
        }
        for (int c = 0; c < 6; c++) {
            assertTrue(counts[c] > 0, "cluster " + c + " is empty");
        }
    }

    @Test
    void splitReseedsClustersEmptiedByIdenticalInitialCentroids() {
        // three distinct points repeated 20, 8 and 2 times: RANDOM init often draws the same point
        // twice, the duplicate centroid loses every tie to the lower index and must be re-seeded
        float[][] points = {{1, 2, 3, 4}, {2, 1, 5, 3}, {-3, 0, 1, 2}};
        int[] repeats = {20, 8, 2};
        float[] data = new float[30 * D];
        int row = 0;
        for (int p = 0; p < 3; p++) {
            for (int r = 0; r < repeats[p]; r++) {
                System.arraycopy(points[p], 0, data, row++ * D, D);
            }
        }
        for (long seed = 0; seed < 10; seed++) {
            KMeans.Result result = new KMeans(3, 25, 0, KMeans.Init.RANDOM, seed).fit(data, 30, D);
            int[] counts = new int[3];
            for (int c : result.assignment()) {
                counts[c]++;
            }
            int[] sorted = counts.clone();
            Arrays.sort(sorted);
            assertArrayEquals(new int[] {2, 8, 20}, sorted, "seed " + seed);
            assertEquals(0, result.objective(), 1e-9);
        }
    }

    @Test
    void kMeansPlusPlusSeedingEqualsComputingEveryDistance() {
        Random random = new Random(11);
        float[] clustered = ClusteredData.sample(3000, ClusteredData.means(40, 8, 20, random), 8, 0.3, random);
        float[] duplicated = new float[2000 * 8];
        for (int i = 0; i < 2000; i++) {
            System.arraycopy(clustered, (i % 70) * 8, duplicated, i * 8, 8);
        }
        for (float scale : new float[] {1f, 1e18f, 1e-18f, 1e-22f}) {
            float[] scaled = clustered.clone();
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] *= scale;
            }
            assertSeedingEqualsReference(scaled, 3000, 8, 300, 5);
        }
        assertSeedingEqualsReference(duplicated, 2000, 8, 120, 6);
        float[] odd = ClusteredData.sample(400, ClusteredData.means(10, 33, 10, random), 33, 1.0, random);
        assertSeedingEqualsReference(odd, 400, 33, 400, 7);
        assertSeedingEqualsReference(odd, 400, 33, 37, 8);
    }

    /** k-means++'s initial centroids (no Lloyd update) equal D² sampling over every distance, bit for bit. */
    private static void assertSeedingEqualsReference(float[] data, int n, int d, int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] expected = new float[k * d];
        double[] minDistances = new double[n];
        System.arraycopy(data, random.nextInt(n) * d, expected, 0, d);
        double total = 0;
        for (int i = 0; i < n; i++) {
            minDistances[i] = Distances.squaredL2(data, i * d, expected, 0, d);
            total += minDistances[i];
        }
        for (int c = 1; c < k; c++) {
            int chosen = n - 1;
            if (total > 0) {
                double target = random.nextDouble() * total;
                for (int i = 0; i < n; i++) {
                    target -= minDistances[i];
                    if (target < 0) {
                        chosen = i;
                        break;
                    }
                }
            } else {
                chosen = random.nextInt(n);
            }
            System.arraycopy(data, chosen * d, expected, c * d, d);
            total = 0;
            for (int i = 0; i < n; i++) {
                minDistances[i] = Math.min(minDistances[i], Distances.squaredL2(data, i * d, expected, c * d, d));
                total += minDistances[i];
            }
        }
        float[] seeded = new KMeans(k, 0, 0, KMeans.Init.KMEANS_PLUS_PLUS, seed).fit(data, n, d).centroids();
        assertArrayEquals(expected, seeded, "n = " + n + ", d = " + d + ", k = " + k);
    }

    @Test
    void sameSeedGivesSameResult() {
        Random random = new Random(5);
        float[] data = ClusteredData.sample(300, ClusteredData.means(5, D, 3, random), D, 1.0, random);
        KMeans kMeans = new KMeans(5, 9);
        assertArrayEquals(kMeans.fit(data, 300, D).centroids(), kMeans.fit(data, 300, D).centroids());
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> new KMeans(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new KMeans(2, -1, 0, KMeans.Init.RANDOM, 1));
        assertThrows(IllegalArgumentException.class, () -> new KMeans(2, 1, Double.NaN, KMeans.Init.RANDOM, 1));
        assertThrows(IllegalArgumentException.class, () -> new KMeans(3, 1).fit(new float[8], 2, D));
    }
}
