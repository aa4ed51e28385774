package io.flinkdrift.core.learners.pa;

import io.flinkdrift.core.learners.InputStandardization;
import io.flinkdrift.core.learners.Learners;
import io.flinkdrift.core.learners.OnlineClassifier;

import java.util.Arrays;

/**
 * Multi-class passive-aggressive classifier, PA-I (Crammer, Dekel, Keshet, Shalev-Shwartz and
 * Singer, "Online Passive-Aggressive Algorithms", JMLR 7, 2006, sections 3 and 7, the
 * multi-prototype construction): one weight vector w<sub>r</sub> per class, scores w<sub>r</sub>·φ
 * with φ the (standardised) features, plus a constant 1 with a bias. On a labelled example (φ, y)
 * with the highest-scoring other class s (the lowest index among ties), the hinge loss is
 *
 * <pre>  ℓ = max(0, 1 − (w_y·φ − w_s·φ))</pre>
 *
 * and, if ℓ &gt; 0, PA-I moves the two prototypes the least distance that removes the loss, capped
 * by the aggressiveness C:
 *
 * <pre>  τ = min(C, ℓ / (2‖φ‖²)),   w_y += τφ,   w_s −= τφ</pre>
 *
 * (2‖φ‖² is ‖Φ(x, y) − Φ(x, s)‖² of the paper's class-feature map). With fewer than two classes
 * seen there is no rival and nothing to learn.
 *
 * <p>The model is a margin classifier: {@link #predictProbabilities} is the softmax of the scores,
 * uncalibrated, whose most probable class is the PA prediction. With B standardisation samples the
 * first B examples fit a frozen per-feature standardiser ({@link InputStandardization}) and are then
 * learned in order; until then the prediction is uniform over the classes buffered.
 *
 * <p>State: K×m weights (m = d, plus 1 with a bias), bounded; O(Km) work per example.
 * Deterministic; not thread-safe.
 */
public final class PassiveAggressiveClassifier implements OnlineClassifier {

    private final double aggressiveness;
    private final boolean bias;
    private final int standardizationSamples;
    private final InputStandardization standardization;
    private double[][] weights;
    private long version;
    private double[] input = new double[0];
    private double[] scores = new double[0];

    /**
     * @param aggressiveness C &gt; 0 (finite), the largest step τ of one update
     * @param bias whether a constant feature 1 is appended
     * @param standardizationSamples B in [0, {@link InputStandardization#MAX_SAMPLES}]; 0 = raw features
     * @throws IllegalArgumentException for a value outside its range
     */
    public PassiveAggressiveClassifier(double aggressiveness, boolean bias, int standardizationSamples) {
        this(aggressiveness, bias, InputStandardization.checkSamples(standardizationSamples),
                new InputStandardization(standardizationSamples), new double[0][], 0L);
    }

    PassiveAggressiveClassifier(double aggressiveness, boolean bias, int standardizationSamples,
            InputStandardization standardization, double[][] weights, long version) {
        if (!(aggressiveness > 0 && aggressiveness < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("aggressiveness C must be in (0, ∞), got " + aggressiveness);
        }
        this.aggressiveness = aggressiveness;
        this.bias = bias;
        this.standardizationSamples = standardizationSamples;
        this.standardization = standardization;
        this.weights = weights;
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
        int k = weights.length;
        double[] probabilities = new double[k];
        if (k == 0) {
            return probabilities;
        }
        score(load(standardization.apply(features)));
        double max = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < k; r++) {
            max = Math.max(max, scores[r]);
        }
        double sum = 0;
        for (int r = 0; r < k; r++) {
            probabilities[r] = Math.exp(scores[r] - max);
            sum += probabilities[r];
        }
        for (int r = 0; r < k; r++) {
            probabilities[r] /= sum;
        }
        return probabilities;
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
        standardization.learn(features, classIndex, this::learnStandardized);
    }

    /** The PA-I step on standardised features. */
    private void learnStandardized(double[] features, int y) {
        double[] phi = load(features);
        ensureClasses(y + 1, phi.length);
        int k = weights.length;
        if (k < 2) {
            return;
        }
        score(phi);
        int rival = -1;
        for (int r = 0; r < k; r++) {
            if (r != y && (rival < 0 || scores[r] > scores[rival])) {
                rival = r;
            }
        }
        double loss = Math.max(0.0, 1.0 - (scores[y] - scores[rival]));
        double squaredNorm = 0;
        for (double v : phi) {
            squaredNorm += v * v;
        }
        if (loss == 0 || squaredNorm == 0) {
            return;
        }
        double tau = Math.min(aggressiveness, loss / (2 * squaredNorm));
        double[] target = weights[y];
        double[] other = weights[rival];
        for (int j = 0; j < phi.length; j++) {
            target[j] += tau * phi[j];
            other[j] -= tau * phi[j];
        }
    }

    /** φ: {@code features}, plus a constant 1 with a bias, in the scratch input array. */
    private double[] load(double[] features) {
        int m = features.length + (bias ? 1 : 0);
        if (input.length != m) {
            input = new double[m];
        }
        System.arraycopy(features, 0, input, 0, features.length);
        if (bias) {
            input[m - 1] = 1.0;
        }
        return input;
    }

    /** The scores w_r·φ of every class, in the scratch scores array. */
    private void score(double[] phi) {
        if (scores.length < weights.length) {
            scores = new double[weights.length];
        }
        for (int r = 0; r < weights.length; r++) {
            double s = 0;
            double[] w = weights[r];
            for (int j = 0; j < phi.length; j++) {
                s += w[j] * phi[j];
            }
            scores[r] = s;
        }
    }

    private void ensureClasses(int classes, int width) {
        if (classes <= weights.length) {
            return;
        }
        int known = weights.length;
        weights = Arrays.copyOf(weights, classes);
        for (int r = known; r < classes; r++) {
            weights[r] = new double[width];
        }
    }

    private void checkFeatures(double[] features) {
        Learners.checkFeatures(features, weights.length > 0 ? weights[0].length - (bias ? 1 : 0) : -1);
        standardization.checkDimension(features);
    }

    @Override
    public int numClasses() {
        return standardization.pending() ? standardization.bufferedClassCount() : weights.length;
    }

    @Override
    public long version() {
        return version;
    }

    /** C, the largest step of one update. */
    public double aggressiveness() {
        return aggressiveness;
    }

    public boolean bias() {
        return bias;
    }

    /** B, the examples that fit the input standardiser; 0 = raw features. */
    public int standardizationSamples() {
        return standardizationSamples;
    }

    /** The class prototypes w_r, one row per class (not a copy: do not change them). */
    public double[][] weights() {
        return weights;
    }

    InputStandardization standardization() {
        return standardization;
    }
}
