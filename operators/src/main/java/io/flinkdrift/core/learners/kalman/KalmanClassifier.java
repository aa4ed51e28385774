package io.flinkdrift.core.learners.kalman;

import io.flinkdrift.core.learners.InputStandardization;
import io.flinkdrift.core.learners.OnlineClassifier;
import java.util.Arrays;

/**
 * K-class online classifier by Kalman filtering of a linear head with learned forgetting (Titsias
 * et al., "Kalman Filter for Online Classification of Non-Stationary Data", ICLR 2024).
 *
 * <p>The one-hot label e_y is treated as a K-dimensional Gaussian observation of Wᵀφ: every class
 * has its own weight vector, all drifting as w_t ~ N(γ w_{t−1}, (1−γ²) σ0² I) and observed with
 * the same noise σ², so all classes share one posterior covariance (m×m) and the state is that
 * matrix plus an m×K mean (see {@link LinearGaussianFilter}). Class probabilities come from the
 * Gaussian predictive over the logits through a softmax with temperature τ, in closed probit form
 * or by seeded Monte Carlo ({@link KalmanConfig#predictive()}); they are computed before the
 * update, so prequential use is predict, then {@link #learn}.
 *
 * <p><b>One {@link #learn} call is one time step</b> of the drift model: γ measures forgetting
 * per labelled example. Re-batching upstream does not change this.
 *
 * <p>K grows when {@link #learn} sees a new class index; the new mean column starts at 0, which is
 * the exact posterior because all past targets of that class were 0. The feature dimension is
 * fixed by the first call of {@link #predictProbabilities} or {@link #learn}; with {@link
 * KalmanConfig#addBias()} a constant feature 1 is appended internally.
 *
 * <p>With {@link KalmanConfig#standardizationSamples()} B &gt; 0 the features are standardised
 * by a per-feature standardiser fitted on the first B learned examples and then frozen ({@link
 * InputStandardization}); until then {@link #predictProbabilities} is uniform over the classes
 * seen (what an untrained filter predicts) and the examples are buffered, then replayed in order.
 *
 * <p>Invalid input (null, non-finite, wrong dimension, negative class) throws {@link
 * IllegalArgumentException} and leaves the model unchanged. Numerical breakdown of the covariance
 * resets it to the prior and is counted in {@link #covarianceResets()}. Not thread-safe; persist
 * with {@link KalmanClassifierCodec}.
 */
public final class KalmanClassifier extends KalmanLearner implements OnlineClassifier {

    /** Bound of |log τ|, keeps the temperature and its gradient finite. */
    private static final double MAX_ABS_LOG_TEMPERATURE = 20;

    private final InputStandardization standardization;
    private final GaussianSoftmax softmax;
    private double logTemperature;
    private double[] logitMean = new double[0];
    private double[] target = new double[0];

    /**
     * A classifier with no class and no feature dimension yet.
     *
     * @throws IllegalArgumentException if {@code config} is null
     */
    public KalmanClassifier(KalmanConfig config) {
        this(new LinearGaussianFilter(config), Math.log(config.initialTemperature()),
                new InputStandardization(config.standardizationSamples()));
    }

    KalmanClassifier(LinearGaussianFilter filter, double logTemperature, InputStandardization standardization) {
        super(filter);
        this.standardization = standardization;
        this.softmax = new GaussianSoftmax(filter.config());
        this.logTemperature = logTemperature;
        ensureScratch(filter.outputs());
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code features} is null, non-finite or of the wrong
     *     dimension
     */
    @Override
    public double[] predictProbabilities(double[] features) {
        if (standardization.pending()) {
            checkBufferable(features);
            return standardization.uniformOverBufferedClasses();
        }
        filter.checkFeatures(features);
        features = standardization.apply(features);
        prepare(features);
        int k = filter.outputs();
        double[] out = new double[k];
        if (k > 0) {
            loadLogits(features);
            softmax.probabilities(logitMean, k, filter.latentVariance(), temperature(), version(), out);
        }
        return out;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code features} is null, non-finite or of the wrong
     *     dimension, or {@code classIndex < 0}
     */
    @Override
    public void learn(double[] features, int classIndex) {
        if (classIndex < 0) {
            throw new IllegalArgumentException("classIndex must be >= 0, got " + classIndex);
        }
        if (!standardization.pending()) {
            filter.checkFeatures(features);
            learnStandardized(standardization.apply(features), classIndex);
            return;
        }
        checkBufferable(features);
        if (standardization.buffer(features, classIndex)) {
            for (int i = 0; i < standardization.bufferedCount(); i++) {
                learnStandardized(standardization.apply(standardization.bufferedFeatures(i)),
                        standardization.bufferedClass(i));
            }
            standardization.releaseBuffer();
        }
    }

    private void checkBufferable(double[] features) {
        filter.checkFeatures(features);
        standardization.checkDimension(features);
    }

    private void learnStandardized(double[] features, int classIndex) {
        prepare(features);
        filter.ensureOutputs(classIndex + 1);
        int k = filter.outputs();
        ensureScratch(k);
        loadLogits(features);
        KalmanConfig config = filter.config();
        if (config.learnTemperature() && k >= 2) {
            double grad = softmax.temperatureGradient(
                    logitMean, k, filter.latentVariance(), temperature(), classIndex, version());
            if (Double.isFinite(grad)) {
                logTemperature = Math.max(-MAX_ABS_LOG_TEMPERATURE, Math.min(MAX_ABS_LOG_TEMPERATURE,
                        logTemperature - config.temperatureLearningRate() * grad));
            }
        }
        Arrays.fill(target, 0, k, 0.0);
        target[classIndex] = 1.0;
        filter.learn(target);
    }

    private void prepare(double[] features) {
        filter.checkFeatures(features);
        if (!filter.initialised()) {
            filter.initialise(features.length);
        }
    }

    private void loadLogits(double[] features) {
        filter.loadPrior(features);
        for (int c = 0; c < filter.outputs(); c++) {
            logitMean[c] = filter.predictiveMean(c);
        }
    }

    private void ensureScratch(int k) {
        if (logitMean.length < k) {
            logitMean = new double[k];
            target = new double[k];
        }
    }

    @Override
    public int numClasses() {
        return standardization.pending() ? standardization.bufferedClassCount() : filter.outputs();
    }

    /** Learned examples so far, buffered ones included. */
    @Override
    public long version() {
        return filter.steps() + standardization.bufferedCount();
    }

    /** Whether examples are still being buffered to fit the input standardiser. */
    public boolean standardizationPending() {
        return standardization.pending();
    }

    /** The current softmax temperature τ (learned if {@link KalmanConfig#learnTemperature()}). */
    public double temperature() {
        return Math.exp(logTemperature);
    }

    double logTemperature() {
        return logTemperature;
    }

    InputStandardization standardization() {
        return standardization;
    }

    /** Posterior mean M (m × K, m including the bias feature), a fresh copy. */
    public double[][] posteriorMean() {
        return filter.posteriorMean();
    }

}
