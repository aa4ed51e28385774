package io.flinkdrift.core.ann;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded Lloyd k-means over float vectors with double-precision centroid accumulation, modelled
 * on Faiss {@code Clustering}: initialise (uniformly random distinct points or k-means++), then
 * alternate assignment and centroid update until the relative decrease of the objective (sum of
 * squared distances to the assigned centroid) is at most {@code tolerance} or
 * {@code maxIterations} updates have run. A cluster left empty by an update is re-seeded Faiss-style
 * by splitting the currently largest cluster: both centroids become copies of the large one,
 * perturbed symmetrically by a relative 1/1024 per coordinate, and its count is shared between them.
 *
 * <p>Instances are immutable and may be reused; {@link #fit} is deterministic for a given seed.
 */
public final class KMeans {

    /** How the initial centroids are chosen. */
    public enum Init {
        /** k distinct training points drawn uniformly (Faiss default; all n in their order when n = k). */
        RANDOM,
        /** k-means++ D² sampling (Arthur and Vassilvitskii, 2007). */
        KMEANS_PLUS_PLUS
    }

    /** Default maximum number of Lloyd updates (Faiss {@code niter}). */
    public static final int DEFAULT_MAX_ITERATIONS = 25;
    /** Default relative objective decrease under which iterations stop. */
    public static final double DEFAULT_TOLERANCE = 1e-4;

    private static final float SPLIT_EPSILON = 1f / 1024f;
    /** Minima below this are never pruned: their relative rounding error is not bounded (subnormal terms). */
    private static final double SEEDING_PRUNE_FLOOR = 0x1p-100;
    /** Above n / this many unpruned points, their distances come from one vectorised pass over all points. */
    private static final int SEEDING_SCAN_SHARE = 8;

    private final int k;
    private final int maxIterations;
    private final double tolerance;
    private final Init init;
    private final long seed;

    /**
     * @param k number of clusters, at least 1
     * @param maxIterations maximum number of centroid updates, at least 0 (0 returns the initial centroids)
     * @param tolerance stop when (previous − current objective) ≤ tolerance · previous; finite and ≥ 0
     * @param init initialisation method, not null
     * @param seed seed of the random initialisation
     * @throws IllegalArgumentException if a parameter is outside its range
     */
    public KMeans(int k, int maxIterations, double tolerance, Init init, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations must be at least 0, got " + maxIterations);
        }
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be finite and >= 0, got " + tolerance);
        }
        if (init == null) {
            throw new IllegalArgumentException("init must not be null");
        }
        this.k = k;
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        this.init = init;
        this.seed = seed;
    }

    /** k-means++ initialisation with {@link #DEFAULT_MAX_ITERATIONS} and {@link #DEFAULT_TOLERANCE}. */
    public KMeans(int k, long seed) {
        this(k, DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE, Init.KMEANS_PLUS_PLUS, seed);
    }

    /**
     * Clusters n row-major vectors of dimension d.
     *
     * @param data at least n·d floats, vector i at [i·d, (i+1)·d), all finite
     * @param n number of vectors, at least k
     * @param d dimension, at least 1
     * @throws IllegalArgumentException if n &lt; k, d &lt; 1 or data is shorter than n·d
     */
    public Result fit(float[] data, int n, int d) {
        checkData(data, n, d);
        SplittableRandom random = new SplittableRandom(seed);
        float[] centroids = init == Init.RANDOM
                ? Sampling.subsample(data, n, d, k, random)
                : kMeansPlusPlusInit(data, n, d, random);
        return lloyd(data, n, d, centroids);
    }

    private void checkData(float[] data, int n, int d) {
        if (d < 1) {
            throw new IllegalArgumentException("d must be at least 1, got " + d);
        }
        if (n < k) {
            throw new IllegalArgumentException("n must be at least k = " + k + ", got " + n);
        }
        if (data == null || data.length < (long) n * d) {
            throw new IllegalArgumentException("data must hold n*d = " + (long) n * d + " floats");
        }
    }

    /**
     * Clusters n row-major vectors of dimension d with Lloyd iterations warm-started from
     * {@code initial} instead of this instance's initialisation (the seed is unused): the refinement of
     * centroids trained earlier on data that has since drifted. {@link Result#initialObjective()} is
     * the objective of {@code initial} on the data.
     *
     * @param initial k·d row-major finite floats, copied
     * @throws IllegalArgumentException as {@link #fit}, or if initial does not hold k·d floats
     */
    public Result fitFrom(float[] initial, float[] data, int n, int d) {
        checkData(data, n, d);
        if (initial == null || initial.length != k * d) {
            throw new IllegalArgumentException("initial must hold k*d = " + k * d + " floats");
        }
        return lloyd(data, n, d, initial.clone());
    }

    /** Lloyd iterations from {@code centroids} (updated in place) until converged or maxIterations. */
    private Result lloyd(float[] data, int n, int d, float[] centroids) {
        int[] assignment = new int[n];
        float[] distances = new float[n];
        double objective = assign(data, n, d, centroids, assignment, distances);
        double initialObjective = objective;
        int iterations = 0;
        double[] sums = new double[k * d];
        long[] counts = new long[k];
        while (iterations < maxIterations) {
            update(data, n, d, assignment, centroids, sums, counts);
            iterations++;
            double next = assign(data, n, d, centroids, assignment, distances);
            boolean converged = objective - next <= tolerance * objective;
            objective = next;
            if (converged) {
                break;
            }
        }
        return new Result(centroids, assignment, initialObjective, objective, iterations, k, d);
    }

    /**
     * k-means++ seeding. After each new centroid a point's distance to it is computed only if it can
     * be below the point's current minimum: by the triangle inequality it cannot once the new
     * centroid is at least twice as far from the point's nearest centroid as the point is ({@link
     * #seedingPruneFactor} covers float rounding), so the minima, the draws and the centroids are
     * those of computing every distance, bit for bit, at a fraction of the memory traffic for large k.
     */
    private float[] kMeansPlusPlusInit(float[] data, int n, int d, SplittableRandom random) {
        float[] centroids = new float[k * d];
        // the points by coordinate: the distances from a new centroid to all of them in one vectorised
        // pass, each equal to Distances.squaredL2 bit for bit, so the draws are those of a scalar loop
        CentroidTable points = new CentroidTable(data, 0, n, d);
        float[] distances = new float[n];
        double[] minDistances = new double[n];
        int[] nearest = new int[n];
        int[] candidates = new int[n];
        float[] gaps = new float[k];
        int[] gapOf = new int[k];
        double pruneFactor = seedingPruneFactor(d);
        int first = random.nextInt(n);
        System.arraycopy(data, first * d, centroids, 0, d);
        points.distances(centroids, 0, distances);
        double total = 0;
        for (int i = 0; i < n; i++) {
            minDistances[i] = distances[i];
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
            System.arraycopy(data, chosen * d, centroids, c * d, d);
            int count = 0;
            for (int i = 0; i < n; i++) {
                double minimum = minDistances[i];
                if (minimum == 0) {
                    continue;
                }
                int near = nearest[i];
                if (gapOf[near] != c) {
                    gaps[near] = Distances.squaredL2(centroids, near * d, centroids, c * d, d);
                    gapOf[near] = c;
                }
                if (!(minimum >= SEEDING_PRUNE_FLOOR && minimum <= Float.MAX_VALUE && gaps[near] <= Float.MAX_VALUE
                        && gaps[near] >= pruneFactor * minimum)) {
                    candidates[count++] = i;
                }
            }
            if (count > n / SEEDING_SCAN_SHARE) {
                points.distances(centroids, c * d, distances);
                for (int j = 0; j < count; j++) {
                    int i = candidates[j];
                    lower(minDistances, nearest, i, distances[i], c);
                }
            } else {
                for (int j = 0; j < count; j++) {
                    int i = candidates[j];
                    lower(minDistances, nearest, i, Distances.squaredL2(data, i * d, centroids, c * d, d), c);
                }
            }
            total = 0;
            for (int i = 0; i < n; i++) {
                total += minDistances[i];
            }
        }
        return centroids;
    }

    private static void lower(double[] minDistances, int[] nearest, int i, double distance, int centroid) {
        if (distance < minDistances[i]) {
            minDistances[i] = distance;
            nearest[i] = centroid;
        }
    }

    /**
     * The factor F such that a point with computed squared distance D to its nearest centroid a, and
     * computed squared distance G ≥ F·D between a and a new centroid, has a computed squared distance
     * of at least D to the new centroid: 4 in exact arithmetic (√G ≥ 2√D), widened by the relative error
     * ε = (d + 3)·2⁻²⁴ of a float squared distance; infinite (no pruning) where ε exceeds 10⁻³.
     */
    static double seedingPruneFactor(int d) {
        double epsilon = (d + 3) * 0x1p-24;
        return epsilon > 1e-3 ? Double.POSITIVE_INFINITY : 4 * (1 + 8 * epsilon);
    }

    private double assign(float[] data, int n, int d, float[] centroids, int[] assignment, float[] distances) {
        new CentroidTable(centroids, 0, k, d).assign(data, 0, d, n, assignment, 0, distances, new float[k]);
        double objective = 0;
        for (int i = 0; i < n; i++) {
            objective += distances[i];
        }
        return objective;
    }

    private void update(float[] data, int n, int d, int[] assignment, float[] centroids,
            double[] sums, long[] counts) {
        Arrays.fill(sums, 0);
        Arrays.fill(counts, 0);
        for (int i = 0; i < n; i++) {
            int base = assignment[i] * d;
            counts[assignment[i]]++;
            for (int j = 0; j < d; j++) {
                sums[base + j] += data[i * d + j];
            }
        }
        for (int c = 0; c < k; c++) {
            if (counts[c] > 0) {
                for (int j = 0; j < d; j++) {
                    centroids[c * d + j] = (float) (sums[c * d + j] / counts[c]);
                }
            }
        }
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                splitLargestInto(c, centroids, counts, d);
            }
        }
    }

    private void splitLargestInto(int empty, float[] centroids, long[] counts, int d) {
        int largest = 0;
        for (int c = 1; c < k; c++) {
            if (counts[c] > counts[largest]) {
                largest = c;
            }
        }
        for (int j = 0; j < d; j++) {
            float value = centroids[largest * d + j];
            boolean even = j % 2 == 0;
            centroids[empty * d + j] = value * (even ? 1 + SPLIT_EPSILON : 1 - SPLIT_EPSILON);
            centroids[largest * d + j] = value * (even ? 1 - SPLIT_EPSILON : 1 + SPLIT_EPSILON);
        }
        counts[empty] = counts[largest] / 2;
        counts[largest] -= counts[empty];
    }

    /** Centroids, the final assignment (consistent with the centroids) and the objective. */
    public static final class Result {

        private final float[] centroids;
        private final int[] assignment;
        private final double initialObjective;
        private final double objective;
        private final int iterations;
        private final int k;
        private final int d;

        Result(float[] centroids, int[] assignment, double initialObjective, double objective, int iterations, int k,
                int d) {
            this.centroids = centroids;
            this.assignment = assignment;
            this.initialObjective = initialObjective;
            this.objective = objective;
            this.iterations = iterations;
            this.k = k;
            this.d = d;
        }

        /** The k·d row-major centroids; a fresh copy. */
        public float[] centroids() {
            return centroids.clone();
        }

        /** For each input vector, the index of its nearest centroid (ties to the lower index); a copy. */
        public int[] assignment() {
            return assignment.clone();
        }

        /** The objective of the initial centroids, before the first update. */
        public double initialObjective() {
            return initialObjective;
        }

        /** Sum over the inputs of the squared distance to the assigned centroid. */
        public double objective() {
            return objective;
        }

        /** Number of centroid updates performed. */
        public int iterations() {
            return iterations;
        }

        /** Number of clusters. */
        public int k() {
            return k;
        }

        /** Dimension. */
        public int dimension() {
            return d;
        }
    }
}
