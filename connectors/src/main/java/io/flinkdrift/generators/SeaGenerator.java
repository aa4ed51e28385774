package io.flinkdrift.generators;

import io.flinkdrift.records.Example;

import java.util.SplittableRandom;

/**
 * The SEA concepts stream (Street and Kim, "A streaming ensemble algorithm (SEA) for large-scale
 * classification", KDD 2001): abrupt concept drift between four threshold concepts.
 *
 * <p>Record {@code i} has three features {@code x1, x2, x3} uniform in [0, 10) ({@code x3} is
 * irrelevant), concept {@code c = (i / changeEvery) mod 4} and clean label
 * {@code 1 if x1 + x2 <= θ_c else 0}, with thresholds θ = 8, 9, 7, 9.5 for concepts 0..3. This
 * label convention matches the shared {@code sea-abrupt.csv} file (vlosing/driftDatasets). With
 * probability {@code noise} the label is flipped.
 *
 * <ul>
 *   <li>{@code changeEvery} &ge; 1 (default {@value #DEFAULT_CHANGE_EVERY}): records per concept;
 *       the concept changes exactly at every multiple of it.
 *   <li>{@code noise} in [0, 1] (default {@value #DEFAULT_NOISE}): label flip probability.
 * </ul>
 */
public final class SeaGenerator implements DriftGenerator {

    private static final long serialVersionUID = 1L;

    public static final String NAME = "sea";
    public static final long DEFAULT_CHANGE_EVERY = 12_500L;
    public static final double DEFAULT_NOISE = 0.1;

    private static final double[] THRESHOLDS = {8.0, 9.0, 7.0, 9.5};
    private static final double FEATURE_MAX = 10.0;

    private final StreamSettings settings;
    private final long changeEvery;
    private final double noise;

    /**
     * @throws IllegalArgumentException if {@code changeEvery < 1} or {@code noise} is outside [0, 1]
     */
    public SeaGenerator(StreamSettings settings, long changeEvery, double noise) {
        this.settings = settings;
        this.changeEvery = Arguments.atLeast("changeEvery", changeEvery, 1);
        this.noise = Arguments.inRange("noise", noise, 0.0, 1.0, false);
    }

    /** The number of SEA concepts, 4. */
    public static int numConcepts() {
        return THRESHOLDS.length;
    }

    /** The threshold θ of {@code concept} (0..3). */
    public static double threshold(int concept) {
        return THRESHOLDS[concept];
    }

    /** The concept of record {@code index}: {@code (index / changeEvery) mod 4}. */
    public int concept(long index) {
        return (int) ((index / changeEvery) % THRESHOLDS.length);
    }

    /** The noise-free label of {@code features} under {@code concept}: 1 iff x1 + x2 &le; θ. */
    public static double cleanLabel(double[] features, int concept) {
        return features[0] + features[1] <= THRESHOLDS[concept] ? 1.0 : 0.0;
    }

    @Override
    public Example generate(long index) {
        SplittableRandom random = settings.recordRandom(index);
        double[] x = new double[3];
        for (int j = 0; j < x.length; j++) {
            x[j] = FEATURE_MAX * random.nextDouble();
        }
        int concept = concept(index);
        double label = cleanLabel(x, concept);
        if (random.nextDouble() < noise) {
            label = 1.0 - label;
        }
        return settings.example(index, x, label, concept);
    }

    @Override
    public int dimension() {
        return 3;
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
        return NAME + "(" + settings + ", changeEvery=" + changeEvery + ", noise=" + noise + ")";
    }
}
