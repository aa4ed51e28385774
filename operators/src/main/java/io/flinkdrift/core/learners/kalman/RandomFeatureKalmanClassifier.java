package io.flinkdrift.core.learners.kalman;

import io.flinkdrift.core.learners.InputStandardization;
import io.flinkdrift.core.learners.Learners;
import io.flinkdrift.core.learners.OnlineClassifier;
import io.flinkdrift.core.learners.rls.RandomFeatureMap;
import io.flinkdrift.core.learners.rls.RlsConfig;


/**
 * A nonlinear online classifier with learned forgetting: the Kalman-filter classifier of Titsias
 * et al. ("Kalman Filter for Online Classification of Non-Stationary Data", ICLR 2024; {@link
 * KalmanClassifier}) over the Lite-RVFL random feature map h(z) = [z, g(zW<sub>1</sub> +
 * b<sub>1</sub>), &hellip;] (Hu, Liu and He, 2025; {@link RandomFeatureMap}) of the standardised
 * inputs z. The forgetting factor &gamma;, the noise variances and the temperature are learned
 * online exactly as in {@link KalmanClassifier}; only the representation is nonlinear. Any number of
 * classes, added as they appear. See {@code docs/learners.md}.
 *
 * <p>Contract: after the first B = {@link KalmanConfig#standardizationSamples()} examples (buffered;
 * predictions meanwhile are uniform over the classes seen), a per-feature standardiser fitted on
 * them is frozen, the buffer is replayed, and from then on every prediction and update equals that
 * of a {@link KalmanClassifier} with the same configuration (and B = 0) fed h(standardise(x)). With
 * B = 0 the inputs are mapped unstandardised. The random weights are a pure function of (input
 * dimension, groups, nodes per group, {@link KalmanConfig#seed()}) and are not stored in state.
 *
 * <p>Bad input: null, non-finite or wrongly sized features and negative class indices throw {@link
 * IllegalArgumentException} and change nothing. Not thread-safe.
 */
public final class RandomFeatureKalmanClassifier implements OnlineClassifier {

    private final KalmanConfig config;
    private final int enhancementGroups;
    private final int nodesPerGroup;
    private final RandomFeatureMap featureMap;
    private final InputStandardization standardization;
    private final KalmanClassifier head;

    /**
     * A classifier of {@code inputDimension} features with {@code enhancementGroups} groups of
     * {@code nodesPerGroup} random sigmoid features.
     *
     * @throws IllegalArgumentException for an invalid dimension or feature count
     */
    public RandomFeatureKalmanClassifier(KalmanConfig config, int inputDimension, int enhancementGroups,
            int nodesPerGroup) {
        this(config, enhancementGroups, nodesPerGroup, inputDimension,
                new InputStandardization(config.standardizationSamples()),
                new KalmanClassifier(config.toBuilder().standardizationSamples(0).build()));
    }

    RandomFeatureKalmanClassifier(KalmanConfig config, int enhancementGroups, int nodesPerGroup, int inputDimension,
            InputStandardization standardization, KalmanClassifier head) {
        this.config = config;
        this.enhancementGroups = enhancementGroups;
        this.nodesPerGroup = nodesPerGroup;
        this.featureMap = new RandomFeatureMap(RlsConfig.builder(inputDimension)
                .enhancementGroups(enhancementGroups)
                .nodesPerGroup(nodesPerGroup)
                .seed(config.seed())
                .bias(false) // the Kalman head appends its own bias feature
                .standardizationSamples(0)
                .build());
        this.standardization = standardization;
        this.head = head;
    }

    @Override
    public double[] predictProbabilities(double[] features) {
        checkInput(features);
        if (standardization.pending()) {
            return standardization.uniformOverBufferedClasses();
        }
        return head.predictProbabilities(randomFeatures(features));
    }

    @Override
    public void learn(double[] features, int classIndex) {
        checkInput(features);
        if (classIndex < 0) {
            throw new IllegalArgumentException("classIndex must be >= 0, got " + classIndex);
        }
        if (!standardization.pending()) {
            head.learn(randomFeatures(features), classIndex);
        } else if (standardization.buffer(features, classIndex)) {
            for (int i = 0; i < standardization.bufferedCount(); i++) {
                head.learn(randomFeatures(standardization.bufferedFeatures(i)), standardization.bufferedClass(i));
            }
            standardization.releaseBuffer();
        }
    }

    /** h(standardise(x)), a fresh array. */
    double[] randomFeatures(double[] features) {
        double[] mapped = new double[featureMap.outputDimension()];
        featureMap.map(standardization.apply(features), mapped);
        return mapped;
    }

    private void checkInput(double[] features) {
        if (features == null || features.length != featureMap.inputDimension()) {
            throw new IllegalArgumentException("features must have dimension " + featureMap.inputDimension()
                    + ", got " + (features == null ? "null" : String.valueOf(features.length)));
        }
        Learners.checkFinite(features);
    }

    @Override
    public int numClasses() {
        return standardization.pending() ? standardization.bufferedClassCount() : head.numClasses();
    }

    /** Learned examples so far, buffered ones included. */
    @Override
    public long version() {
        return head.version() + standardization.bufferedCount();
    }

    /** The configuration; its {@code standardizationSamples} applies to the raw inputs. */
    public KalmanConfig config() {
        return config;
    }

    public int inputDimension() {
        return featureMap.inputDimension();
    }

    public int enhancementGroups() {
        return enhancementGroups;
    }

    public int nodesPerGroup() {
        return nodesPerGroup;
    }

    /** The Kalman classifier over the random features: γ, variances and health metrics. */
    public KalmanClassifier head() {
        return head;
    }

    InputStandardization standardization() {
        return standardization;
    }
}
