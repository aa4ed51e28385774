package io.flinkdrift.generators;

import io.flinkdrift.records.Example;

import java.util.SplittableRandom;

/**
 * A rotating hyperplane stream with smooth (gradual) concept drift, after Hulten, Spencer and
 * Domingos, "Mining time-changing data streams" (KDD 2001), in a closed form that makes it
 * index-addressable.
 *
 * <p>Two orthonormal directions {@code u, v} are drawn once from the seed. Record {@code i} has
 * features {@code x} uniform in [0, 1)^d, the normal vector {@code w(i) = cos(s i) u + sin(s i) v}
 * with {@code s = driftSpeed}, and clean label {@code 1 if w(i)·(x − 0.5) >= 0 else 0}; with
 * probability {@code noise} the label is flipped. The decision boundary always passes through the
 * centre of the cube, so both classes stay balanced while the boundary turns.
 *
 * <ul>
 *   <li>{@code dimension} d &ge; 2 (default {@value #DEFAULT_DIMENSION}).
 *   <li>{@code driftSpeed}: finite, radians per record (default {@value #DEFAULT_DRIFT_SPEED},
 *       one full turn in about 63,000 records); 0 gives a stationary stream.
 *   <li>{@code conceptLength} &ge; 1 (default {@value #DEFAULT_CONCEPT_LENGTH}): the concept id is
 *       {@code i / conceptLength}, a period label for a drift that has no discrete concepts.
 *   <li>{@code noise} in [0, 1] (default {@value #DEFAULT_NOISE}): label flip probability.
 * </ul>
 */
public final class RotatingHyperplaneGenerator implements DriftGenerator {

    private static final long serialVersionUID = 1L;

    public static final String NAME = "hyperplane";
    public static final int DEFAULT_DIMENSION = 10;
    public static final double DEFAULT_DRIFT_SPEED = 1e-4;
    public static final long DEFAULT_CONCEPT_LENGTH = 10_000L;
    public static final double DEFAULT_NOISE = 0.1;

    private final StreamSettings settings;
    private final int dimension;
    private final double driftSpeed;
    private final long conceptLength;
    private final double noise;
    private final PlaneRotation rotation;

    /**
     * @throws IllegalArgumentException if {@code dimension < 2}, {@code driftSpeed} is not finite,
     *     {@code conceptLength < 1} or {@code noise} is outside [0, 1]
     */
    public RotatingHyperplaneGenerator(
            StreamSettings settings, int dimension, double driftSpeed, long conceptLength, double noise) {
        this.settings = settings;
        this.dimension = (int) Arguments.atLeast("dimension", dimension, 2);
        this.driftSpeed = Arguments.finite("driftSpeed", driftSpeed);
        this.conceptLength = Arguments.atLeast("conceptLength", conceptLength, 1);
        this.noise = Arguments.inRange("noise", noise, 0.0, 1.0, false);
        this.rotation = PlaneRotation.random(dimension, settings.parameterRandom());
    }

    /** The unit normal vector {@code w(index)} of the decision hyperplane at record {@code index}. */
    public double[] weights(long index) {
        return rotation.rotate(rotation.u(), driftSpeed * index);
    }

    /** The noise-free label of {@code features} under the normal {@code weights}. */
    public static double cleanLabel(double[] features, double[] weights) {
        double margin = 0.0;
        for (int j = 0; j < features.length; j++) {
            margin += weights[j] * (features[j] - 0.5);
        }
        return margin >= 0.0 ? 1.0 : 0.0;
    }

    @Override
    public Example generate(long index) {
        SplittableRandom random = settings.recordRandom(index);
        double[] x = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            x[j] = random.nextDouble();
        }
        double label = cleanLabel(x, weights(index));
        if (random.nextDouble() < noise) {
            label = 1.0 - label;
        }
        return settings.example(index, x, label, StreamSettings.periodOf(index, conceptLength));
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int keys() {
        return settings.keys();
    }

    @Override
    public int numClasses() {
        return 2;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String toString() {
        return NAME + "(" + settings + ", dimension=" + dimension + ", driftSpeed=" + driftSpeed
                + ", conceptLength=" + conceptLength + ", noise=" + noise + ")";
    }
}
