package io.flinkdrift.core.learners.rls;

import io.flinkdrift.core.learners.FrozenStandardizer;
import java.util.Arrays;

/**
 * The Lite-RVFL network (Hu, Liu and He, 2025) shared by {@link RvflClassifier} and {@link
 * RvflRegressor}: optional frozen standardisation, the {@link RandomFeatureMap} expansion and an
 * {@link ExponentiallyWeightedRls} readout with one output per target column.
 *
 * <p>Lifecycle: while standardisation is pending (the first {@link RlsConfig#standardizationSamples()}
 * finite examples) examples are buffered and the outputs are 0; when the buffer is full the
 * standardiser is fitted, the buffer replayed into the RLS in arrival order, and freed. Examples
 * with a non-finite feature or target are counted in {@link #skippedExamples()} and otherwise
 * ignored. Not thread-safe.
 */
public final class RandomVectorFunctionalLink {

    /** How a learned label becomes the RLS target vector. */
    public enum TargetEncoding {
        /** Label = class index k; target = one-hot e<sub>k</sub>; outputs grow to k + 1. */
        ONE_HOT,
        /** Label = real target; one output. */
        SCALAR
    }

    /** Upper bound on one-hot outputs, so that a corrupt class index cannot exhaust memory. */
    public static final int MAX_CLASSES = 1 << 12;

    private final RlsConfig config;
    private final TargetEncoding encoding;
    private final RandomFeatureMap featureMap;
    private final ExponentiallyWeightedRls rls;
    private FrozenStandardizer standardizer;
    private double[][] pendingFeatures;
    private double[] pendingLabels;
    private int pendingCount;
    private long version;
    private long skippedExamples;

    private final double[] standardized;
    private final double[] features;
    private double[] targets;

    public RandomVectorFunctionalLink(RlsConfig config, TargetEncoding encoding) {
        this.config = config;
        this.encoding = encoding;
        this.featureMap = new RandomFeatureMap(config);
        this.rls = new ExponentiallyWeightedRls(config.featureDimension(), encoding == TargetEncoding.SCALAR ? 1 : 0,
                config.forgetting(), config.regularization(), config.reregularizationPeriod());
        int batch = config.standardizationSamples();
        if (batch > 0) {
            this.pendingFeatures = new double[batch][];
            this.pendingLabels = new double[batch];
        }
        this.standardized = new double[config.inputDimension()];
        this.features = new double[config.featureDimension()];
        this.targets = new double[rls.outputs()];
    }

    public RlsConfig config() {
        return config;
    }

    public TargetEncoding encoding() {
        return encoding;
    }

    /** Number of outputs: classes seen so far (one-hot) or 1 (scalar). */
    public int outputs() {
        return rls.outputs();
    }

    /** Number of {@link #learn} calls, including skipped ones. */
    public long version() {
        return version;
    }

    /** Number of examples ignored because a feature or the target was not finite. */
    public long skippedExamples() {
        return skippedExamples;
    }

    /** Whether examples are still being buffered to fit the standardiser. */
    public boolean standardizationPending() {
        return pendingFeatures != null;
    }

    /** The RLS readout, for health metrics (trace, minimum diagonal of P&#771;). */
    public ExponentiallyWeightedRls rls() {
        return rls;
    }

    /**
     * h(x)&#7488;&beta; (length {@link #outputs()}): all 0 while standardisation is pending or when
     * a feature is not finite.
     *
     * @throws IllegalArgumentException if {@code x.length} differs from the input dimension
     */
    public double[] outputs(double[] x) {
        checkDimension(x);
        double[] out = new double[rls.outputs()];
        if (!standardizationPending() && allFinite(x)) {
            rls.predict(expand(x), out);
        }
        return out;
    }

    /**
     * Learns one example.
     *
     * @param label a class index in [0, {@link #MAX_CLASSES}) for one-hot encoding, else the target
     * @throws IllegalArgumentException on a wrong feature dimension or an invalid class index
     */
    public void learn(double[] x, double label) {
        checkDimension(x);
        if (encoding == TargetEncoding.ONE_HOT && !(label >= 0 && label < MAX_CLASSES && label == Math.rint(label))) {
            throw new IllegalArgumentException("class index must be an integer in [0, " + MAX_CLASSES + "), got " + label);
        }
        version++;
        if (!allFinite(x) || !Double.isFinite(label)) {
            skippedExamples++;
            return;
        }
        if (encoding == TargetEncoding.ONE_HOT) {
            rls.ensureOutputs((int) label + 1);
        }
        if (!standardizationPending()) {
            fit(x, label);
            return;
        }
        pendingFeatures[pendingCount] = x.clone();
        pendingLabels[pendingCount] = label;
        if (++pendingCount == pendingFeatures.length) {
            standardizer = FrozenStandardizer.fit(pendingFeatures, pendingCount);
            double[][] replayFeatures = pendingFeatures;
            double[] replayLabels = pendingLabels;
            pendingFeatures = null;
            pendingLabels = null;
            pendingCount = 0;
            for (int i = 0; i < replayFeatures.length; i++) {
                fit(replayFeatures[i], replayLabels[i]);
            }
        }
    }

    private void fit(double[] x, double label) {
        if (targets.length != rls.outputs()) {
            targets = new double[rls.outputs()];
        }
        if (encoding == TargetEncoding.ONE_HOT) {
            Arrays.fill(targets, 0.0);
            targets[(int) label] = 1.0;
        } else {
            targets[0] = label;
        }
        rls.update(expand(x), targets);
    }

    private double[] expand(double[] x) {
        if (standardizer == null) {
            featureMap.map(x, features);
        } else {
            standardizer.apply(x, standardized);
            featureMap.map(standardized, features);
        }
        return features;
    }

    private void checkDimension(double[] x) {
        if (x.length != config.inputDimension()) {
            throw new IllegalArgumentException(
                    "expected " + config.inputDimension() + " features, got " + x.length);
        }
    }

    private static boolean allFinite(double[] x) {
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    // State access for the codec.

    FrozenStandardizer standardizer() {
        return standardizer;
    }

    int pendingCount() {
        return pendingCount;
    }

    double[][] pendingFeatures() {
        return pendingFeatures;
    }

    double[] pendingLabels() {
        return pendingLabels;
    }

    void restore(long version, long skippedExamples, FrozenStandardizer standardizer, int pendingCount,
            double[][] pendingFeatures, double[] pendingLabels) {
        this.version = version;
        this.skippedExamples = skippedExamples;
        this.standardizer = standardizer;
        this.pendingCount = pendingCount;
        this.pendingFeatures = pendingFeatures;
        this.pendingLabels = pendingLabels;
    }
}
