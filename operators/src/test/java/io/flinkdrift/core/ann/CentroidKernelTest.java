package io.flinkdrift.core.ann;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Vector API kernel against the scalar kernel, value for value (bit for bit), on data chosen to
 * break a kernel that summed in another order or mishandled the vector tails: dimensions below and
 * around the lane count, k around multiples of the lane count, exact ties, near ties far from the
 * origin, huge and tiny magnitudes. Runs in the surefire execution that adds the incubator module
 * (operators/pom.xml, {@code vector-kernel}); elsewhere only the selection is checked.
 */
class CentroidKernelTest {

    private static final int[] DIMENSIONS = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64};
    private static final int[] SIZES = {1, 2, 7, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 100, 256, 1000};

    @Test
    void theVectorKernelIsTheDefaultExactlyWhenTheIncubatorModuleIsInTheBootLayer() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertEquals(!module, CentroidKernel.DEFAULT instanceof ScalarCentroidKernel, CentroidKernel.DEFAULT.toString());
    }

    @Test
    void vectorKernelDistancesNearestAndDecomposedValuesEqualTheScalarKernelsBitForBit() {
        CentroidKernel vector = vectorKernel();
        CentroidKernel scalar = new ScalarCentroidKernel();
        Random random = new Random(11);
        for (int d : DIMENSIONS) {
            for (int k : SIZES) {
                for (Data data : Data.values()) {
                    float[][] rows = data.centroids(random, k, d);
                    float[] norms = squaredNorms(rows, k);
                    int stride = d + 2;
                    float[] x = data.points(random, rows, 4, d, stride);
                    for (int block = 1; block <= 4; block++) {
                        float[][] expected = new float[4][k];
                        float[][] actual = new float[4][k];
                        scalar.decomposed(rows, norms, k, x, 1, stride, block, expected);
                        vector.decomposed(rows, norms, k, x, 1, stride, block, actual);
                        for (int b = 0; b < block; b++) {
                            assertBitsEqual(expected[b], actual[b], data + " decomposed d=" + d + " k=" + k);
                        }
                    }
                    for (int p = 0; p < 4; p++) {
                        int xOffset = 1 + p * stride;
                        float[] expected = new float[k];
                        float[] actual = new float[k];
                        scalar.distances(rows, k, x, xOffset, expected);
                        vector.distances(rows, k, x, xOffset, actual);
                        assertBitsEqual(expected, actual, data + " distances d=" + d + " k=" + k);
                        float[] scratch = new float[k];
                        int nearest = vector.nearest(rows, k, x, xOffset, scratch);
                        assertBitsEqual(expected, scratch, data + " nearest's scratch d=" + d + " k=" + k);
                        assertEquals(scalar.nearest(rows, k, x, xOffset, new float[k]), nearest,
                                data + " nearest d=" + d + " k=" + k);
                        assertEquals(firstMinimum(expected), nearest, data + " nearest d=" + d + " k=" + k);
                    }
                }
            }
        }
    }

    /**
     * nearestAll (one point per lane in dimension 4) against the scalar kernel and against the first
     * minimum of the direct distances, for batch sizes around one and two vectors of lanes, on every data
     * set and on coordinates whose squares overflow to infinity (every distance infinite: index 0).
     */
    @Test
    void vectorKernelNearestAllEqualsTheScalarKernelsNearestPointByPoint() {
        CentroidKernel vector = vectorKernel();
        CentroidKernel scalar = new ScalarCentroidKernel();
        Random random = new Random(14);
        int[] batches = {1, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 100};
        for (int d : new int[] {1, 3, 4, 5, 8}) {
            for (int k : SIZES) {
                for (int set = 0; set <= Data.values().length; set++) {
                    boolean overflowing = set == Data.values().length;
                    Data data = overflowing ? Data.GAUSSIAN : Data.values()[set];
                    float[][] rows = data.centroids(random, k, d);
                    int stride = d + 3;
                    int n = batches[random.nextInt(batches.length)];
                    float[] x = data.points(random, rows, n, d, stride);
                    if (overflowing) {
                        // centroids near +2e19 and points near −2e19 in every coordinate: each difference
                        // squares past Float.MAX_VALUE, so every distance is infinite (ties kept)
                        for (float[] row : rows) {
                            for (int c = 0; c < k; c++) {
                                row[c] = 2e19f + 1e17f * row[c];
                            }
                        }
                        for (int i = 0; i < x.length; i++) {
                            x[i] = -2e19f + 1e17f * x[i];
                        }
                    }
                    String what = (overflowing ? "OVERFLOWING" : data.toString()) + " d=" + d + " k=" + k + " n=" + n;
                    int[] expected = new int[n + 2];
                    int[] actual = new int[n + 2];
                    float[] expectedDistances = new float[n + 2];
                    float[] actualDistances = new float[n + 2];
                    scalar.nearestAll(rows, k, x, 1, stride, n, expected, 2, expectedDistances, new float[k]);
                    vector.nearestAll(rows, k, x, 1, stride, n, actual, 2, actualDistances, new float[k]);
                    assertArrayEquals(expected, actual, what);
                    assertBitsEqual(expectedDistances, actualDistances, what);
                    int[] withoutDistances = new int[n + 2];
                    vector.nearestAll(rows, k, x, 1, stride, n, withoutDistances, 2, null, new float[k]);
                    assertArrayEquals(expected, withoutDistances, what + " without distances");
                    for (int i = 0; i < n; i++) {
                        float[] distances = new float[k];
                        scalar.distances(rows, k, x, 1 + i * stride, distances);
                        assertEquals(firstMinimum(distances), actual[2 + i], what + " point " + i);
                        if (overflowing) {
                            assertEquals(Float.POSITIVE_INFINITY, actualDistances[2 + i], what);
                            assertEquals(0, actual[2 + i], what);
                        }
                    }
                }
            }
        }
    }

    @Test
    void bothKernelsCandidatesHoldEveryValueWithinTheMarginAndTheVectorKernelNoOther() {
        CentroidKernel vector = vectorKernel();
        CentroidKernel scalar = new ScalarCentroidKernel();
        Random random = new Random(12);
        for (int k : SIZES) {
            for (int trial = 0; trial < 50; trial++) {
                float[] values = new float[k];
                for (int c = 0; c < k; c++) {
                    // few distinct values: many exact ties and many values exactly at the margin
                    values[c] = trial % 2 == 0 ? random.nextInt(8) : (float) random.nextGaussian();
                }
                double slack = trial % 5 == 0 ? 0 : random.nextDouble();
                float smallest = values[firstMinimum(values)];
                float margin = CentroidKernel.margin(smallest, slack);
                int within = 0;
                for (float value : values) {
                    within += value <= margin ? 1 : 0;
                }
                for (int capacity : new int[] {1, 4, 32, k + 1}) {
                    int[] fromVector = new int[capacity];
                    int[] fromScalar = new int[capacity];
                    int vectorKept = vector.candidates(values, k, slack, fromVector);
                    int scalarKept = scalar.candidates(values, k, slack, fromScalar);
                    assertEquals(within, vectorKept, "k=" + k);
                    assertTrue(scalarKept >= within, "k=" + k);
                    assertCandidates(values, margin, fromVector, vectorKept, firstMinimum(values));
                    assertCandidates(values, margin, fromScalar, scalarKept, firstMinimum(values));
                }
            }
        }
    }

    @Test
    void tablesOnEitherKernelAssignAndRankEqually() {
        CentroidKernel vector = vectorKernel();
        Random random = new Random(13);
        for (int d : new int[] {3, 4, 8, 17, 64}) {
            for (int k : new int[] {5, 33, 256, 1000}) {
                for (Data data : Data.values()) {
                    float[][] rows = data.centroids(random, k, d);
                    float[] centroids = new float[k * d];
                    for (int c = 0; c < k; c++) {
                        for (int j = 0; j < d; j++) {
                            centroids[c * d + j] = rows[j][c];
                        }
                    }
                    int n = 37; // blocks of four and a tail of one
                    float[] x = data.points(random, rows, n, d, d);
                    CentroidTable scalarTable = new CentroidTable(centroids, 0, k, d, new ScalarCentroidKernel());
                    CentroidTable vectorTable = new CentroidTable(centroids, 0, k, d, vector);
                    int[] scalarAssignment = new int[n];
                    int[] vectorAssignment = new int[n];
                    float[] scalarDistances = new float[n];
                    float[] vectorDistances = new float[n];
                    scalarTable.assign(x, 0, d, n, scalarAssignment, 0, scalarDistances, new float[k]);
                    vectorTable.assign(x, 0, d, n, vectorAssignment, 0, vectorDistances, new float[k]);
                    String what = data + " d=" + d + " k=" + k;
                    assertArrayEquals(scalarAssignment, vectorAssignment, what);
                    assertBitsEqual(scalarDistances, vectorDistances, what);
                    int count = Math.min(k, 10);
                    int[] scalarNearest = new int[n * count];
                    int[] vectorNearest = new int[n * count];
                    scalarTable.nearest(x, 0, d, n, count, scalarNearest, new float[5][k], new TopK(count));
                    vectorTable.nearest(x, 0, d, n, count, vectorNearest, new float[5][k], new TopK(count));
                    assertArrayEquals(scalarNearest, vectorNearest, what);
                }
            }
        }
    }

    /** Data sets that stress the rounding and the tails. */
    private enum Data {
        /** N(0, 9) coordinates. */
        GAUSSIAN(3, 0),
        /** far from the origin with a tiny spread: the decomposition cancels almost every bit. */
        FAR(1e-3, 1e3),
        /** values whose squares overflow the decomposition's guard: the direct formula ranks them. */
        HUGE(1e17, 0),
        /** squares in the subnormal range. */
        TINY(1e-21, 0);

        private final double scale;
        private final double offset;

        Data(double scale, double offset) {
            this.scale = scale;
            this.offset = offset;
        }

        /** k centroids by coordinate, every other pair of the first ones duplicated (exact ties). */
        float[][] centroids(Random random, int k, int d) {
            float[][] rows = new float[d][k];
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    rows[j][c] = c % 4 == 1 ? rows[j][c - 1] : (float) (offset + scale * random.nextGaussian());
                }
            }
            return rows;
        }

        /** n points, point i at 1 + i·stride (if stride > d, else i·d): on a centroid, at a midpoint, or random. */
        float[] points(Random random, float[][] rows, int n, int d, int stride) {
            int start = stride > d ? 1 : 0;
            float[] x = new float[start + n * stride];
            int k = rows[0].length;
            for (int i = 0; i < n; i++) {
                int a = random.nextInt(k);
                int b = random.nextInt(k);
                for (int j = 0; j < d; j++) {
                    float value;
                    switch (i % 3) {
                        case 0:
                            value = rows[j][a];
                            break;
                        case 1:
                            value = (rows[j][a] + rows[j][b]) / 2;
                            break;
                        default:
                            value = (float) (offset + scale * random.nextGaussian());
                    }
                    x[start + i * stride + j] = value;
                }
            }
            return x;
        }
    }

    private static CentroidKernel vectorKernel() {
        assumeTrue(!(CentroidKernel.DEFAULT instanceof ScalarCentroidKernel),
                "the Vector API kernel needs --add-modules jdk.incubator.vector");
        return CentroidKernel.DEFAULT;
    }

    private static float[] squaredNorms(float[][] rows, int k) {
        float[] norms = new float[k];
        for (int c = 0; c < k; c++) {
            double sum = 0;
            for (float[] row : rows) {
                sum += (double) row[c] * row[c];
            }
            norms[c] = (float) sum;
        }
        return norms;
    }

    private static int firstMinimum(float[] values) {
        int best = 0;
        for (int c = 1; c < values.length; c++) {
            if (values[c] < values[best]) {
                best = c;
            }
        }
        return best;
    }

    /** The stored candidates ascend, include the first minimum if stored, and hold every index within the margin. */
    private static void assertCandidates(float[] values, float margin, int[] candidates, int kept, int first) {
        int stored = Math.min(kept, candidates.length);
        for (int q = 1; q < stored; q++) {
            assertTrue(candidates[q - 1] < candidates[q], "ascending");
        }
        if (kept <= candidates.length) {
            boolean hasFirst = false;
            int q = 0;
            for (int c = 0; c < values.length; c++) {
                if (values[c] <= margin) {
                    while (q < stored && candidates[q] < c) {
                        q++;
                    }
                    assertTrue(q < stored && candidates[q] == c, "index " + c + " within the margin is a candidate");
                }
            }
            for (int r = 0; r < stored; r++) {
                hasFirst |= candidates[r] == first;
            }
            assertTrue(hasFirst, "the first minimum is a candidate");
        }
    }

    private static void assertBitsEqual(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), what + ", index " + i);
        }
    }
}
