package io.flinkdrift.core.ann;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void blockedAssignmentEqualsTheBruteForceArgminOnRandomData() {
        Random random = new Random(5);
        for (int d : new int[] {1, 3, 4, 5, 8, 32, 67}) {
            for (int k : new int[] {1, 2, 7, 256, 1024}) {
                float[] centroids = gaussian(random, k * d, 3, 0);
                float[] points = gaussian(random, 200 * d, 3, 0);
                assertAssignmentIsBruteForce(centroids, k, d, points, "random d=" + d + " k=" + k);
            }
        }
    }

    @Test
    void blockedAssignmentEqualsTheBruteForceArgminOnNearTiesAndDuplicates() {
        Random random = new Random(6);
        int d = 32;
        int k = 256;
        // far from the origin with a tiny spread: ‖x‖² + ‖c‖² − 2⟨x, c⟩ cancels almost every bit
        float[] centroids = gaussian(random, k * d, 1e-3, 1e3);
        // duplicated centroids and centroids one ulp apart in one coordinate
        for (int c = 0; c < 64; c += 2) {
            System.arraycopy(centroids, c * d, centroids, (c + 1) * d, d);
            if (c % 4 == 2) {
                centroids[(c + 1) * d + c % d] = Math.nextUp(centroids[(c + 1) * d + c % d]);
            }
        }
        int n = 3000;
        float[] points = new float[n * d];
        for (int i = 0; i < n; i++) {
            int a = random.nextInt(k);
            int b = random.nextInt(k);
            int kind = i % 3;
            for (int j = 0; j < d; j++) {
                float ca = centroids[a * d + j];
                float cb = centroids[b * d + j];
                // on a centroid, at the midpoint of two (equidistant up to rounding), or one ulp off a centroid
                points[i * d + j] = kind == 0 ? ca : kind == 1 ? (ca + cb) / 2 : Math.nextDown(ca);
            }
        }
        assertAssignmentIsBruteForce(centroids, k, d, points, "near ties");
        // the same configurations near the origin, huge (direct-formula fallback) and tiny (subnormal squares)
        for (float scale : new float[] {1e-3f, 1e17f, 1e-21f}) {
            float[] scaledCentroids = centroids.clone();
            float[] scaledPoints = points.clone();
            for (int i = 0; i < scaledCentroids.length; i++) {
                scaledCentroids[i] = (scaledCentroids[i] - 1e3f) * scale;
            }
            for (int i = 0; i < scaledPoints.length; i++) {
                scaledPoints[i] = (scaledPoints[i] - 1e3f) * scale;
            }
            assertAssignmentIsBruteForce(scaledCentroids, k, d, scaledPoints, "near ties scaled by " + scale);
        }
    }

    @Test
    void blockedAssignmentEqualsTheBruteForceArgminWhenManyCentroidsAreKeptInItsPass() {
        // centroids ever nearer the points in index order (each one a new smallest value of the pass),
        // around the 32 the pass remembers, and many identical centroids (every one within the margin)
        Random random = new Random(7);
        int d = 16;
        for (int k : new int[] {31, 32, 33, 34, 64, 300}) {
            float[] descending = new float[k * d];
            for (int c = 0; c < k; c++) {
                descending[c * d] = k - c;
                descending[c * d + 1] = 0.5f * (k - c);
            }
            float[] points = gaussian(random, 50 * d, 1e-3, 0);
            assertAssignmentIsBruteForce(descending, k, d, points, "descending k=" + k);
            float[] identical = new float[k * d];
            float[] centroid = gaussian(random, d, 3, 0);
            for (int c = 0; c < k; c++) {
                System.arraycopy(centroid, 0, identical, c * d, d);
            }
            assertAssignmentIsBruteForce(identical, k, d, gaussian(random, 50 * d, 3, 0), "identical k=" + k);
        }
    }

    private static float[] gaussian(Random random, int length, double scale, double offset) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) (offset + scale * random.nextGaussian());
        }
        return values;
    }

    /** assign over all points (strided, from an offset) equals the first minimum of Distances.squaredL2, bit for bit. */
    private static void assertAssignmentIsBruteForce(float[] centroids, int k, int d, float[] points, String what) {
        int n = points.length / d;
        int stride = d + 3;
        float[] strided = new float[2 + n * stride];
        for (int i = 0; i < n; i++) {
            System.arraycopy(points, i * d, strided, 2 + i * stride, d);
        }
        CentroidTable table = new CentroidTable(centroids, 0, k, d);
        int[] assignment = new int[n + 1];
        float[] distances = new float[n + 1];
        table.assign(strided, 2, stride, n, assignment, 1, distances, new float[k]);
        int ties = 0;
        for (int i = 0; i < n; i++) {
            int expected = 0;
            float best = Distances.squaredL2(points, i * d, centroids, 0, d);
            for (int c = 1; c < k; c++) {
                float distance = Distances.squaredL2(points, i * d, centroids, c * d, d);
                if (distance < best) {
                    expected = c;
                    best = distance;
                } else if (distance == best) {
                    ties++;
                }
            }
            assertEquals(expected, assignment[1 + i], what + ", point " + i);
            assertEquals(Float.floatToIntBits(best), Float.floatToIntBits(distances[1 + i]), what + ", point " + i);
        }
        if (what.startsWith("near ties")) {
            assertTrue(ties > n / 10, what + ": the data must hold exact ties, has " + ties);
        }
    }
}
