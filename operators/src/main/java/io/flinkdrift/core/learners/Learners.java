package io.flinkdrift.core.learners;

import java.util.Arrays;

/** Argument checks and small helpers shared by the learners. */
public final class Learners {

    private Learners() {}

    /** Throws when {@code classIndex} is negative. */
    public static void checkClassIndex(int classIndex) {
        if (classIndex < 0) {
            throw new IllegalArgumentException("classIndex must be >= 0, got " + classIndex);
        }
    }

    /** Throws when any of {@code features} is NaN or infinite. */
    public static void checkFinite(double[] features) {
        for (double value : features) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("features must be finite, got " + Arrays.toString(features));
            }
        }
    }

    /**
     * Throws when {@code features} is null, empty or not finite, or when {@code expectedDimension}
     * &ge; 0 (the dimension fixed by the first learned example) and it has another length.
     */
    public static void checkFeatures(double[] features, int expectedDimension) {
        if (features == null || features.length == 0) {
            throw new IllegalArgumentException("features must be non-empty");
        }
        checkFinite(features);
        if (expectedDimension >= 0 && features.length != expectedDimension) {
            throw new IllegalArgumentException("features must have dimension " + expectedDimension
                    + " (fixed by the first learned example), got " + features.length);
        }
    }

    /**
     * The index of the largest probability (the lowest index among ties), or -1 for an empty
     * array (a model that has seen no class yet).
     */
    public static int argmax(double[] probabilities) {
        int best = -1;
        for (int c = 0; c < probabilities.length; c++) {
            if (best < 0 || probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        return best;
    }

    /**
     * The index of the largest probability if no other class has the same probability, else -1
     * (also for an empty array): a prediction that does not depend on how ties are broken.
     */
    public static int uniqueArgmax(double[] probabilities) {
        int best = argmax(probabilities);
        for (int c = best + 1; c < probabilities.length; c++) {
            if (probabilities[c] == probabilities[best]) {
                return -1;
            }
        }
        return best;
    }
}
