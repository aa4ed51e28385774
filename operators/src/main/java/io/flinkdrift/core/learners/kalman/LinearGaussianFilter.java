package io.flinkdrift.core.learners.kalman;

import io.flinkdrift.core.state.ArrayFormat;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The Kalman filter shared by {@link KalmanRegressor} and {@link KalmanClassifier} (Titsias et al.,
 * ICLR 2024; docs/learners.md): K linear-Gaussian outputs that observe the same feature vector φ
 * with the same noise, so they share ONE posterior covariance P (m×m) and differ only in their
 * column of the posterior mean M (m×K).
 *
 * <p>Model: w_t ~ N(γ w_{t−1}, (1−γ²) σ0² I), y_t = w_tᵀφ_t + ε_t, ε_t ~ N(0, σ²), γ = e^{−δ/2},
 * w_0 ~ N(0, σ0² I). One {@link #learn} call is one time step: one predict step, one scalar
 * innovation per output. A step runs, in this order and without allocation:
 *
 * <ol>
 *   <li>prior predictive from (M, P) of step t−1: μ = γ Mᵀφ, v = γ² φᵀPφ + (1−γ²) σ0² ‖φ‖²,
 *       s = v + σ² ({@link #loadPrior});
 *   <li>one ascent step on log δ (and optionally plain SGD on log σ², log σ0²) along the gradient of
 *       the one-step log predictive density ℓ = Σ_k log N(y_k; μ_k, s). The gradient is truncated:
 *       it holds (M, P) fixed, and it uses only prior-predictive quantities so that the label does
 *       not leak. The δ step is normalised (RMSProp on log δ, see {@link #stepLogDelta}): the raw
 *       dℓ/dδ grows with ‖φ‖² and with 1/s, so a fixed SGD step on δ that suits features in [0, 1]
 *       throws γ far from 1 on features in [0, 10]; the normalised step moves log δ by about η per
 *       step whatever the scale, and reaches γ within 1e-6 of 1 as easily as γ = 0.9;
 *   <li>the update with the γ, σ0², σ² of step 1: g = P⁻φ, M = γM + g rᵀ / s,
 *       P = γ²P + (1−γ²)σ0² I − g gᵀ / s, where P⁻ = γ²P + (1−γ²)σ0² I is never materialised.
 * </ol>
 *
 * <p>P is kept as a packed upper triangle (row by row, m(m+1)/2 doubles), so it is symmetric by
 * construction. Positive definiteness holds mathematically because P⁻ ⪰ (1−γ²) σ0² I and the
 * rank-one downdate removes less than P⁻ has along g. Rounding can still break it when γ = 1
 * and one direction gets very many observations; the breakdown policy is then: after every step
 * the diagonal is checked (O(m)); if some P_ii is not positive and finite, or some mean is not
 * finite, P is reset to the prior σ0² I (non-finite means to 0) and {@link #covarianceResets()}
 * is incremented. {@link #verifyHealthy()} runs the full O(m²) check.
 *
 * <p>Not thread-safe. The prior-predictive scratch arrays are not state.
 */
final class LinearGaussianFilter {

    private static final double LOG_2PI = Math.log(2 * Math.PI);
    /** Clamp of learned variances, keeps them and their logs finite. */
    private static final double MIN_VARIANCE = 1e-12;
    private static final double MAX_VARIANCE = 1e12;
    /** Decay of the moving average of the squared δ gradient (RMSProp), about 100 steps of memory. */
    private static final double GRADIENT_DECAY = 0.99;

    private final KalmanConfig config;
    private int inputDimension;
    private int dim;
    private int outputs;
    /** Column-major dim × outputs: mean[k * dim + i]. */
    private double[] mean = new double[0];
    /** Packed upper triangle of the dim × dim posterior covariance, row by row. */
    private double[] cov = new double[0];
    private double delta;
    /** Exponential moving average of (dℓ/d log δ)², the normaliser of the δ step; 0 before the first. */
    private double deltaGradientMeanSquare;
    private double gamma;
    private double noiseVariance;
    private double priorVariance;
    private long steps;
    private long covarianceResets;

    private double[] phi = new double[0];
    private double[] covPhi = new double[0];
    private double[] projectedMean = new double[0];
    private double quadratic;
    private double phiNormSquared;
    /** Whether the scratch holds the prior of {@code phi} for the current (M, P). */
    private boolean priorLoaded;

    /** @throws IllegalArgumentException if {@code config} is null */
    LinearGaussianFilter(KalmanConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.config = config;
        this.noiseVariance = config.noiseVariance();
        this.priorVariance = config.priorVariance();
        setDelta(-2 * Math.log(config.initialGamma()));
    }

    KalmanConfig config() {
        return config;
    }

    /** Whether the feature dimension is fixed, i.e. {@link #initialise} was called. */
    boolean initialised() {
        return dim > 0;
    }

    /**
     * Checks a feature vector before it touches the state.
     *
     * @throws IllegalArgumentException if null, empty, of a dimension other than the one fixed by
     *     the first learned example, or containing NaN or infinity
     */
    void checkFeatures(double[] features) {
        if (features == null || features.length == 0) {
            throw new IllegalArgumentException("features must be a non-empty array");
        }
        if (initialised() && features.length != inputDimension) {
            throw new IllegalArgumentException("features must have dimension " + inputDimension
                    + " (fixed by the first learned example), got " + features.length);
        }
        for (int i = 0; i < features.length; i++) {
            if (!Double.isFinite(features[i])) {
                throw new IllegalArgumentException("features[" + i + "] must be finite, got " + features[i]);
            }
        }
    }

    /** Fixes the feature dimension and sets M = 0, P = σ0² I. */
    void initialise(int featureDimension) {
        inputDimension = featureDimension;
        dim = featureDimension + (config.addBias() ? 1 : 0);
        cov = new double[dim * (dim + 1) / 2];
        resetCovariance();
        mean = new double[0];
        outputs = 0;
        ensureOutputs(0);
        phi = new double[dim];
        covPhi = new double[dim];
        priorLoaded = false;
    }

    /** Grows the number of outputs to at least {@code count}; new mean columns start at 0. */
    void ensureOutputs(int count) {
        if (count > outputs) {
            priorLoaded = false;
            double[] grown = new double[dim * count];
            System.arraycopy(mean, 0, grown, 0, dim * outputs);
            mean = grown;
            outputs = count;
        }
        if (projectedMean.length < outputs) {
            projectedMean = new double[outputs];
        }
    }

    /**
     * Computes the prior-predictive quantities of {@code features} (already checked) from the
     * posterior of the previous step; {@link #predictiveMean}, {@link #latentVariance} and
     * {@link #learn} read them. Does not change the state. The O(m²) part is skipped when the
     * same features were loaded for the same (M, P), the usual predict-then-learn sequence; the
     * quantities do not depend on γ, σ² or σ0², so hyperparameter changes keep them valid.
     */
    void loadPrior(double[] features) {
        if (priorLoaded && sameFeatures(features)) {
            return;
        }
        int m = dim;
        System.arraycopy(features, 0, phi, 0, inputDimension);
        if (config.addBias()) {
            phi[m - 1] = 1.0;
        }
        double[] p = cov;
        double[] x = phi;
        double[] out = covPhi;
        Arrays.fill(out, 0, m, 0.0);
        int idx = 0;
        double norm = 0;
        for (int i = 0; i < m; i++) {
            double xi = x[i];
            norm += xi * xi;
            double acc = p[idx++] * xi;
            for (int j = i + 1; j < m; j++) {
                double pij = p[idx++];
                acc += pij * x[j];
                out[j] += pij * xi;
            }
            out[i] += acc;
        }
        double c = 0;
        for (int i = 0; i < m; i++) {
            c += x[i] * out[i];
        }
        quadratic = c;
        phiNormSquared = norm;
        for (int k = 0; k < outputs; k++) {
            int col = k * m;
            double a = 0;
            for (int i = 0; i < m; i++) {
                a += mean[col + i] * x[i];
            }
            projectedMean[k] = a;
        }
        priorLoaded = true;
    }

    private boolean sameFeatures(double[] features) {
        for (int i = 0; i < inputDimension; i++) {
            if (Double.doubleToRawLongBits(features[i]) != Double.doubleToRawLongBits(phi[i])) {
                return false;
            }
        }
        return true;
    }

    /** Prior-predictive mean γ M_kᵀφ of output k, after {@link #loadPrior}. */
    double predictiveMean(int k) {
        return gamma * projectedMean[k];
    }

    /** Prior-predictive variance of the noise-free output, γ² φᵀPφ + (1−γ²) σ0² ‖φ‖². */
    double latentVariance() {
        double g2 = gamma * gamma;
        return g2 * quadratic + (1 - g2) * priorVariance * phiNormSquared;
    }

    /** Prior-predictive variance of an observed target: {@link #latentVariance()} + σ². */
    double observedVariance() {
        return latentVariance() + noiseVariance;
    }

    /** ℓ = Σ_k log N(y_k; μ_k, s) of the loaded prior predictive; {@code targets} has length K. */
    double logLikelihood(double[] targets) {
        double s = observedVariance();
        return -0.5 * (outputs * (LOG_2PI + Math.log(s)) + squaredResiduals(targets) / s);
    }

    private double squaredResiduals(double[] targets) {
        double sumSq = 0;
        for (int k = 0; k < outputs; k++) {
            double r = targets[k] - gamma * projectedMean[k];
            sumSq += r * r;
        }
        return sumSq;
    }

    /**
     * dℓ/dδ of the loaded prior predictive with (M, P) held fixed: with a_k = M_kᵀφ, c = φᵀPφ,
     * e = σ0²‖φ‖², r_k = y_k − γ a_k, dℓ/dγ = Σ_k r_k a_k / s − ½ ds/dγ (K/s − Σ_k r_k²/s²),
     * ds/dγ = 2γ(c − e), and dℓ/dδ = −(γ/2) dℓ/dγ.
     */
    double logLikelihoodGradientDelta(double[] targets) {
        double s = observedVariance();
        double sumSq = 0;
        double sumCross = 0;
        for (int k = 0; k < outputs; k++) {
            double a = projectedMean[k];
            double r = targets[k] - gamma * a;
            sumSq += r * r;
            sumCross += r * a;
        }
        double dsDgamma = 2 * gamma * (quadratic - priorVariance * phiNormSquared);
        double dGamma = sumCross / s - 0.5 * dsDgamma * (outputs / s - sumSq / (s * s));
        return -0.5 * gamma * dGamma;
    }

    /** dℓ/d log σ² = dℓ/ds · σ², with dℓ/ds = −½ (K/s − Σ_k r_k²/s²); (M, P) held fixed. */
    double logLikelihoodGradientLogNoiseVariance(double[] targets) {
        return logLikelihoodGradientS(targets) * noiseVariance;
    }

    /** dℓ/d log σ0² = dℓ/ds · (1−γ²) ‖φ‖² σ0²; (M, P) held fixed. */
    double logLikelihoodGradientLogPriorVariance(double[] targets) {
        return logLikelihoodGradientS(targets) * (1 - gamma * gamma) * phiNormSquared * priorVariance;
    }

    private double logLikelihoodGradientS(double[] targets) {
        double s = observedVariance();
        return -0.5 * (outputs / s - squaredResiduals(targets) / (s * s));
    }

    /**
     * One time step on the loaded prior predictive: hyperparameter steps, then the Kalman update.
     *
     * @param targets the K observed outputs (one-hot for a classifier), finite
     */
    void learn(double[] targets) {
        final int m = dim;
        final double g = gamma;
        final double g2 = g * g;
        final double q = (1 - g2) * priorVariance;
        final double s = observedVariance();
        // Every gradient is taken at the hyperparameters of this step, before any of them moves.
        double gradDelta = config.learnGamma() ? logLikelihoodGradientDelta(targets) : 0;
        double gradLogNoise = config.learnNoise() ? logLikelihoodGradientLogNoiseVariance(targets) : 0;
        double gradLogPrior = config.learnNoise() ? logLikelihoodGradientLogPriorVariance(targets) : 0;
        if (config.learnGamma() && Double.isFinite(gradDelta)) {
            stepLogDelta(gradDelta);
        }
        if (config.learnNoise() && Double.isFinite(gradLogNoise) && Double.isFinite(gradLogPrior)) {
            double eta = config.noiseLearningRate();
            noiseVariance = clampVariance(noiseVariance * Math.exp(eta * gradLogNoise));
            priorVariance = clampVariance(priorVariance * Math.exp(eta * gradLogPrior));
        }

        double[] gain = covPhi;
        for (int i = 0; i < m; i++) {
            gain[i] = g2 * gain[i] + q * phi[i];
        }
        boolean finite = true;
        for (int k = 0; k < outputs; k++) {
            double rOverS = (targets[k] - g * projectedMean[k]) / s;
            int col = k * m;
            for (int i = 0; i < m; i++) {
                double v = g * mean[col + i] + gain[i] * rOverS;
                mean[col + i] = v;
                finite &= Double.isFinite(v);
            }
        }
        double invS = 1.0 / s;
        int idx = 0;
        for (int i = 0; i < m; i++) {
            double gi = gain[i] * invS;
            double diagonal = g2 * cov[idx] - gi * gain[i] + q;
            cov[idx++] = diagonal;
            finite &= diagonal > 0 && diagonal < Double.POSITIVE_INFINITY;
            for (int j = i + 1; j < m; j++) {
                cov[idx] = g2 * cov[idx] - gi * gain[j];
                idx++;
            }
        }
        steps++;
        priorLoaded = false;
        if (!finite) {
            recoverFromBreakdown();
        }
    }

    /**
     * One normalised (RMSProp) ascent step on log δ, given {@code gradDelta} = dℓ/dδ: with
     * g = δ dℓ/dδ = dℓ/d log δ, log δ moves by η g / √E[g²], so the step does not depend on the
     * scale of the features, of the targets or of δ itself; it is at most 10 η in absolute value
     * because E[g²] includes 1 − {@value #GRADIENT_DECAY} of the current g². δ starts from at least
     * minDelta, so that an initial γ = 1 (δ = 0) can still be learned away from 1.
     */
    private void stepLogDelta(double gradDelta) {
        double from = Math.max(delta, config.minDelta());
        double gradient = from * gradDelta;
        double squared = gradient * gradient;
        deltaGradientMeanSquare = deltaGradientMeanSquare == 0
                ? squared
                : GRADIENT_DECAY * deltaGradientMeanSquare + (1 - GRADIENT_DECAY) * squared;
        if (deltaGradientMeanSquare > 0 && deltaGradientMeanSquare < Double.POSITIVE_INFINITY) {
            double step = config.gammaLearningRate() * gradient / Math.sqrt(deltaGradientMeanSquare);
            setDelta(Math.min(config.maxDelta(), Math.max(config.minDelta(), from * Math.exp(step))));
        }
    }

    private void recoverFromBreakdown() {
        resetCovariance();
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i])) {
                mean[i] = 0.0;
            }
        }
        covarianceResets++;
    }

    private void resetCovariance() {
        Arrays.fill(cov, 0.0);
        int idx = 0;
        for (int i = 0; i < dim; i++) {
            cov[idx] = priorVariance;
            idx += dim - i;
        }
    }

    private static double clampVariance(double v) {
        return Math.min(MAX_VARIANCE, Math.max(MIN_VARIANCE, v));
    }

    /** Sets δ and γ = e^{−δ/2}; package-private for the gradient test. */
    void setDelta(double value) {
        delta = value;
        gamma = Math.exp(-0.5 * value);
    }

    /** The moving average of (dℓ/d log δ)² that normalises the δ step; 0 before the first step. */
    double deltaGradientMeanSquare() {
        return deltaGradientMeanSquare;
    }

    /** Restores {@link #deltaGradientMeanSquare()}; a negative or non-finite value restarts it (0). */
    void restoreDeltaGradientMeanSquare(double value) {
        deltaGradientMeanSquare = value >= 0 && value < Double.POSITIVE_INFINITY ? value : 0;
    }

    /** Sets σ² and σ0² without touching (M, P); for the gradient test. */
    void setVariances(double noise, double prior) {
        noiseVariance = noise;
        priorVariance = prior;
    }

    /**
     * The full O(m²) health check: every entry of M and P finite, every P_ii &gt; 0, and
     * P_ij² ≤ P_ii P_jj (a necessary condition of positive semi-definiteness, up to a relative
     * rounding slack of 1e-9). Symmetry holds by construction of the packed storage.
     *
     * @throws IllegalStateException naming the first violation
     */
    void verifyHealthy() {
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i])) {
                throw new IllegalStateException("Kalman posterior mean entry " + i + " is " + mean[i]);
            }
        }
        int m = dim;
        for (int i = 0; i < m; i++) {
            double pii = cov[packedIndex(i, i)];
            if (!(pii > 0 && pii < Double.POSITIVE_INFINITY)) {
                throw new IllegalStateException(
                        "Kalman covariance diagonal P[" + i + "][" + i + "] = " + pii);
            }
        }
        for (int i = 0; i < m; i++) {
            double pii = cov[packedIndex(i, i)];
            for (int j = i + 1; j < m; j++) {
                double pij = cov[packedIndex(i, j)];
                double pjj = cov[packedIndex(j, j)];
                if (!(pij * pij <= pii * pjj * (1 + 1e-9))) {
                    throw new IllegalStateException("Kalman covariance is not positive semi-definite: P["
                            + i + "][" + j + "]² = " + pij * pij + " > P[i][i] P[j][j] = " + pii * pjj);
                }
            }
        }
    }

    private int packedIndex(int i, int j) {
        return i * dim - i * (i - 1) / 2 + (j - i);
    }

    double minCovarianceDiagonal() {
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < dim; i++) {
            min = Math.min(min, cov[packedIndex(i, i)]);
        }
        return min;
    }

    /** The posterior mean as a fresh (m × K) array; m includes the bias feature if any. */
    double[][] posteriorMean() {
        double[][] out = new double[dim][outputs];
        for (int k = 0; k < outputs; k++) {
            for (int i = 0; i < dim; i++) {
                out[i][k] = mean[k * dim + i];
            }
        }
        return out;
    }

    /** The posterior covariance as a fresh symmetric (m × m) array. */
    double[][] posteriorCovariance() {
        double[][] out = new double[dim][dim];
        for (int i = 0; i < dim; i++) {
            for (int j = i; j < dim; j++) {
                out[i][j] = cov[packedIndex(i, j)];
                out[j][i] = out[i][j];
            }
        }
        return out;
    }

    int outputs() {
        return outputs;
    }

    double gamma() {
        return gamma;
    }

    double delta() {
        return delta;
    }

    double noiseVariance() {
        return noiseVariance;
    }

    double priorVariance() {
        return priorVariance;
    }

    long steps() {
        return steps;
    }

    long covarianceResets() {
        return covarianceResets;
    }

    /** Writes the state (the configuration is written by the caller). */
    void writeState(DataOutput out) throws IOException {
        out.writeInt(inputDimension);
        out.writeInt(outputs);
        out.writeDouble(delta);
        out.writeDouble(noiseVariance);
        out.writeDouble(priorVariance);
        out.writeLong(steps);
        out.writeLong(covarianceResets);
        if (initialised()) {
            for (int i = 0; i < dim * outputs; i++) {
                out.writeDouble(mean[i]);
            }
            ArrayFormat.writeDoubles(cov, out);
        }
    }

    /** Reads what {@link #writeState} wrote into a filter built from the same configuration. */
    static LinearGaussianFilter readState(KalmanConfig config, DataInput in) throws IOException {
        LinearGaussianFilter f = new LinearGaussianFilter(config);
        int inputDimension = in.readInt();
        int outputs = in.readInt();
        if (inputDimension < 0 || outputs < 0 || (inputDimension == 0 && outputs != 0)) {
            throw new IOException(
                    "Corrupt Kalman state: dimension " + inputDimension + ", outputs " + outputs);
        }
        f.setDelta(in.readDouble());
        f.noiseVariance = in.readDouble();
        f.priorVariance = in.readDouble();
        f.steps = in.readLong();
        f.covarianceResets = in.readLong();
        if (inputDimension > 0) {
            f.initialise(inputDimension);
            f.ensureOutputs(outputs);
            for (int i = 0; i < f.dim * outputs; i++) {
                f.mean[i] = in.readDouble();
            }
            ArrayFormat.readDoubles(in, f.cov);
        }
        return f;
    }
}
