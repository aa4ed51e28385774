package io.flinkdrift.core.learners.knn;

import io.flinkdrift.core.learners.InputStandardization;
import io.flinkdrift.core.learners.Learners;
import io.flinkdrift.core.learners.OnlineClassifier;


/**
 * Distance-weighted k-nearest-neighbour classifier over a sliding window of the last W labelled
 * examples (the windowed kNN of MOA's {@code kNN} and River's {@code KNNClassifier}; Losing,
 * Hammer and Wersing, "KNN Classifier with Self Adjusting Memory for Heterogeneous Concept
 * Drift", ICDM 2016, use it as their short-term memory). Forgetting is the window: an example
 * older than the last W no longer votes, so the model follows abrupt and gradual drift within W
 * examples. See docs/learners.md, "Windowed k-nearest neighbours".
 *
 * <p>Prediction for a query q: the squared Euclidean distance s<sub>i</sub> to every kept example
 * (standardised features, summed in feature order), the k nearest ranked by s ascending and, among
 * equal distances, the more recent example first; every neighbour votes for its class with weight
 * 1/√s<sub>i</sub>, unless some neighbour lies at distance 0, in which case only those at distance
 * 0 vote, with weight 1 each. The probability of class c is its votes over all votes, both summed
 * in rank order (so renumbering the classes permutes the probabilities exactly); a class seen but
 * no longer among the neighbours gets 0.
 *
 * <p>With B standardisation samples the first B examples fit a frozen per-feature standardiser
 * ({@link InputStandardization}) and are then kept, standardised, in order; until then the
 * prediction is uniform over the classes buffered.
 *
 * <p>State: at most W×d doubles and W class indices, bounded; O(W·d) work per prediction
 * (O(W·(d + k)) in the worst case of the rank insertion), O(d) per learned example. Deterministic;
 * not thread-safe.
 */
public final class WindowedKnnClassifier implements OnlineClassifier {

    /** The largest window W. */
    public static final int MAX_WINDOW = 100_000;

    private final int window;
    private final int neighbours;
    private final int standardizationSamples;
    private final InputStandardization standardization;
    /** The kept examples in a ring: slot {@code (next - 1 - a) mod W} holds the example of age a. */
    private final double[][] examples;
    private final int[] labels;
    private int count;
    private int next;
    private int classes;
    private long version;
    private double[] rankDistances = new double[0];
    private int[] rankSlots = new int[0];

    /**
     * @param window W in [1, {@link #MAX_WINDOW}], the labelled examples kept
     * @param neighbours k in [1, W], the neighbours that vote
     * @param standardizationSamples B in [0, {@link InputStandardization#MAX_SAMPLES}]; 0 = raw features
     * @throws IllegalArgumentException for a value outside its range
     */
    public WindowedKnnClassifier(int window, int neighbours, int standardizationSamples) {
        this(window, neighbours, InputStandardization.checkSamples(standardizationSamples),
                new InputStandardization(standardizationSamples), 0);
    }

    WindowedKnnClassifier(int window, int neighbours, int standardizationSamples,
            InputStandardization standardization, long version) {
        if (window < 1 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("window W must be in [1, " + MAX_WINDOW + "], got " + window);
        }
        if (neighbours < 1 || neighbours > window) {
            throw new IllegalArgumentException("neighbours k must be in [1, W = " + window + "], got " + neighbours);
        }
        this.window = window;
        this.neighbours = neighbours;
        this.standardizationSamples = standardizationSamples;
        this.standardization = standardization;
        this.examples = new double[window][];
        this.labels = new int[window];
        this.version = version;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code features} is null, non-finite or of the wrong
     *     dimension
     */
    @Override
    public double[] predictProbabilities(double[] features) {
        checkFeatures(features);
        if (standardization.pending()) {
            return standardization.uniformOverBufferedClasses();
        }
        double[] probabilities = new double[classes];
        int ranked = rank(standardization.apply(features));
        if (ranked == 0) {
            return probabilities;
        }
        boolean exact = rankDistances[0] == 0;
        double total = 0;
        for (int r = 0; r < ranked; r++) {
            double distance = rankDistances[r];
            if (exact && distance > 0) {
                break;
            }
            double vote = exact ? 1.0 : 1.0 / Math.sqrt(distance);
            probabilities[labels[rankSlots[r]]] += vote;
            total += vote;
        }
        for (int c = 0; c < probabilities.length; c++) {
            probabilities[c] /= total;
        }
        return probabilities;
    }

    /**
     * The min(k, count) nearest kept examples to the standardised {@code query}, in rank order, into
     * {@code rankDistances} (squared distances) and {@code rankSlots}; returns how many.
     */
    private int rank(double[] query) {
        int k = Math.min(neighbours, count);
        if (rankSlots.length != k) {
            rankDistances = new double[k];
            rankSlots = new int[k];
        }
        int ranked = 0;
        for (int age = 0; age < count; age++) {
            int slot = Math.floorMod(next - 1 - age, window);
            double[] example = examples[slot];
            double s = 0;
            for (int j = 0; j < query.length; j++) {
                double difference = example[j] - query[j];
                s += difference * difference;
            }
            // Visiting the newest first and displacing only on a strictly smaller distance ranks the
            // more recent of two equally distant examples first.
            if (ranked == k && s >= rankDistances[k - 1]) {
                continue;
            }
            int position = ranked < k ? ranked++ : k - 1;
            while (position > 0 && rankDistances[position - 1] > s) {
                rankDistances[position] = rankDistances[position - 1];
                rankSlots[position] = rankSlots[position - 1];
                position--;
            }
            rankDistances[position] = s;
            rankSlots[position] = slot;
        }
        return ranked;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code features} is null, non-finite or of the wrong
     *     dimension, or {@code classIndex < 0}
     */
    @Override
    public void learn(double[] features, int classIndex) {
        Learners.checkClassIndex(classIndex);
        checkFeatures(features);
        version++;
        standardization.learn(features, classIndex, this::keep);
    }

    /** Appends a copy of one standardised example, evicting the oldest when W are kept. */
    void keep(double[] features, int classIndex) {
        if (examples[next] == null || examples[next].length != features.length) {
            examples[next] = features.clone();
        } else {
            System.arraycopy(features, 0, examples[next], 0, features.length);
        }
        labels[next] = classIndex;
        next = (next + 1) % window;
        count = Math.min(count + 1, window);
        classes = Math.max(classes, classIndex + 1);
    }

    private void checkFeatures(double[] features) {
        Learners.checkFeatures(features, count > 0 ? examples[0].length : -1);
        standardization.checkDimension(features);
    }

    @Override
    public int numClasses() {
        return standardization.pending() ? standardization.bufferedClassCount() : classes;
    }

    @Override
    public long version() {
        return version;
    }

    /** W, the labelled examples kept. */
    public int window() {
        return window;
    }

    /** k, the neighbours that vote. */
    public int neighbours() {
        return neighbours;
    }

    /** B, the examples that fit the input standardiser; 0 = raw features. */
    public int standardizationSamples() {
        return standardizationSamples;
    }

    /** The number of examples kept, at most W. */
    public int size() {
        return count;
    }

    /** The kept example of age {@code age} (0 = the newest), standardised (not a copy: do not change it). */
    public double[] example(int age) {
        return examples[slotOf(age)];
    }

    /** The class of the kept example of age {@code age}. */
    public int label(int age) {
        return labels[slotOf(age)];
    }

    private int slotOf(int age) {
        if (age < 0 || age >= count) {
            throw new IndexOutOfBoundsException("age " + age + " of " + count + " kept examples");
        }
        return Math.floorMod(next - 1 - age, window);
    }

    /** One more than the largest class index learned; kept after its examples leave the window. */
    int classCount() {
        return classes;
    }

    /** Sets the number of classes learned, at least one more than every kept class (restore only). */
    void restoreClassCount(int classCount) {
        classes = Math.max(classes, classCount);
    }

    InputStandardization standardization() {
        return standardization;
    }
}
