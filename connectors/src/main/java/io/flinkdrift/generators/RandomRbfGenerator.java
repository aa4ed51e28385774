package io.flinkdrift.generators;

import io.flinkdrift.records.Example;

import java.util.SplittableRandom;

/**
 * The random RBF stream with drift, as MOA's {@code RandomRBFGeneratorDrift} and River's {@code
 * RandomRBFDrift} define it (Bifet et al., "MOA: Massive Online Analysis", JMLR 2010): a nonlinear,
 * multi-class concept made of Gaussian clusters whose centres move, plus, optionally, abrupt
 * drifts that interchange the clusters' classes.
 *
 * <p>Model, drawn once from the seed: {@code centroids} centres c<sub>k</sub> uniform in
 * [0,1)<sup>d</sup>, each with a weight uniform in [0,1), a spread s<sub>k</sub> uniform in [0,1)
 * and the class k mod {@code classes} (so every class has a centroid). The first min({@code
 * driftCentroids}, {@code centroids}) centroids move at {@code speed} per record along a random unit direction,
 * bouncing off the faces of the unit cube (a reflection, so that the centre of record i is a
 * closed-form function of i).
 *
 * <p>Record i picks centroid k with probability proportional to its weight and has features
 * c<sub>k</sub>(i) + r u, with u a uniform random unit vector and r ~ N(0, s<sub>k</sub>²), and the
 * centroid's class as label. With {@code swapEvery} = S &gt; 0, at every multiple of S each
 * centroid is given a class drawn anew, uniformly (so a fraction 1 &minus; 1/{@code classes} of
 * the centroids change class: abrupt, nonlinear drift); the concept id is then the number of swaps
 * so far, else 0.
 *
 * <ul>
 *   <li>{@code dimension} &ge; 2 (default {@value #DEFAULT_DIMENSION}), {@code classes} &ge; 2
 *       (default {@value #DEFAULT_CLASSES}), {@code centroids} &ge; {@code classes} (default
 *       {@value #DEFAULT_CENTROIDS}), {@code driftCentroids} &ge; 0 (default {@value #DEFAULT_CENTROIDS}),
 *       {@code speed} &ge; 0 (default {@value #DEFAULT_SPEED}), {@code swapEvery} &ge; 0 (default
 *       0 = never).
 * </ul>
 */
public final class RandomRbfGenerator implements DriftGenerator {

    private static final long serialVersionUID = 1L;

    public static final String NAME = "rbf";
    public static final int DEFAULT_DIMENSION = 10;
    public static final int DEFAULT_CLASSES = 5;
    public static final int DEFAULT_CENTROIDS = 50;
    public static final double DEFAULT_SPEED = 1e-4;
    public static final long DEFAULT_SWAP_EVERY = 0L;

    /** Separates the random streams of the class swaps from those of the records and the model. */
    private static final long SWAP_STREAMS = 0x5DEECE66DL;

    private final StreamSettings settings;
    private final int classes;
    private final long swapEvery;
    private final double[][] centres;
    private final double[][] velocities;
    private final double[] cumulativeWeights;
    private final double[] spreads;
    private final int[] initialClasses;

    /**
     * @throws IllegalArgumentException for a parameter outside the ranges above
     */
    public RandomRbfGenerator(StreamSettings settings, int dimension, int classes, int centroids, int driftCentroids,
            double speed, long swapEvery) {
        this.settings = settings;
        Arguments.atLeast("dimension", dimension, 2);
        this.classes = (int) Arguments.atLeast("classes", classes, 2);
        Arguments.atLeast("centroids", centroids, classes);
        Arguments.atLeast("driftCentroids", driftCentroids, 0);
        Arguments.nonNegative("speed", speed);
        this.swapEvery = Arguments.atLeast("swapEvery", swapEvery, 0);
        SplittableRandom random = settings.parameterRandom();
        centres = new double[centroids][dimension];
        velocities = new double[centroids][dimension];
        cumulativeWeights = new double[centroids];
        spreads = new double[centroids];
        initialClasses = new int[centroids];
        double total = 0;
        for (int k = 0; k < centroids; k++) {
            for (int j = 0; j < dimension; j++) {
                centres[k][j] = random.nextDouble();
            }
            total += random.nextDouble();
            cumulativeWeights[k] = total;
            spreads[k] = random.nextDouble();
            initialClasses[k] = k % classes;
            if (k < driftCentroids) {
                double[] direction = unitVector(random, dimension);
                for (int j = 0; j < dimension; j++) {
                    velocities[k][j] = speed * direction[j];
                }
            }
        }
    }

    /** The centre of centroid {@code k} at record {@code index}, in [0, 1]<sup>d</sup>. */
    double[] centre(int k, long index) {
        double[] centre = new double[centres[k].length];
        for (int j = 0; j < centre.length; j++) {
            centre[j] = reflect(centres[k][j] + velocities[k][j] * index);
        }
        return centre;
    }

    /** The class of centroid {@code k} after {@code swaps} class swaps. */
    int centroidClass(int k, long swaps) {
        if (swaps == 0) {
            return initialClasses[k];
        }
        SplittableRandom random = Randoms.forStream(settings.seed() ^ SWAP_STREAMS, swaps * centres.length + k);
        return random.nextInt(classes);
    }

    /** The probability that a record comes from centroid {@code k}. */
    double weight(int k) {
        double previous = k == 0 ? 0 : cumulativeWeights[k - 1];
        return (cumulativeWeights[k] - previous) / cumulativeWeights[cumulativeWeights.length - 1];
    }

    /** The spread s<sub>k</sub> of centroid {@code k}. */
    double spread(int k) {
        return spreads[k];
    }

    int centroids() {
        return centres.length;
    }

    /** The number of class swaps before record {@code index}. */
    long swaps(long index) {
        return swapEvery == 0 ? 0 : index / swapEvery;
    }

    @Override
    public Example generate(long index) {
        SplittableRandom random = settings.recordRandom(index);
        int k = pickCentroid(random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1]);
        double[] x = centre(k, index);
        double[] direction = unitVector(random, x.length);
        double radius = Randoms.gaussian(random) * spreads[k];
        for (int j = 0; j < x.length; j++) {
            x[j] += radius * direction[j];
        }
        long swaps = swaps(index);
        return settings.example(index, x, centroidClass(k, swaps),
                swapEvery == 0 ? 0 : StreamSettings.periodOf(index, swapEvery));
    }

    /** The first centroid whose cumulative weight exceeds {@code u}. */
    private int pickCentroid(double u) {
        int lo = 0;
        int hi = cumulativeWeights.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulativeWeights[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static double[] unitVector(SplittableRandom random, int dimension) {
        double[] v = new double[dimension];
        double norm = 0;
        while (norm == 0) {
            norm = 0;
            for (int j = 0; j < dimension; j++) {
                v[j] = Randoms.gaussian(random);
                norm += v[j] * v[j];
            }
        }
        norm = Math.sqrt(norm);
        for (int j = 0; j < dimension; j++) {
            v[j] /= norm;
        }
        return v;
    }

    /** y folded into [0, 1] by reflection at 0 and 1: the position of a point bouncing in the cube. */
    private static double reflect(double y) {
        double folded = y - 2 * Math.floor(y / 2);
        return folded <= 1 ? folded : 2 - folded;
    }

    @Override
    public int dimension() {
        return centres[0].length;
    }

    @Override
    public int keys() {
        return settings.keys();
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String toString() {
        return NAME + "(" + settings + ", dimension=" + dimension() + ", classes=" + classes + ", centroids="
                + centres.length + ", swapEvery=" + swapEvery + ")";
    }
}
