package io.flinkdrift.core.learners.kalman;

import java.util.Arrays;

/**
 * Class probabilities from a Gaussian predictive over K logits, N(μ, v I_K) with one variance v
 * shared by the classes, pushed through a softmax with temperature τ (docs/learners.md, step 2 of
 * the Kalman update):
 *
 * <ul>
 *   <li>{@link KalmanConfig.Predictive#PROBIT}: softmax(μ / √(τ² + π v / 4)), the mean-field
 *       probit approximation of the Gaussian-softmax integral (Lu, Ie and Sha, 2020). It approximates
 *       every pairwise sigmoid(z_k − z_j), whose argument has variance 2v/τ², so for K = 2 it is the
 *       classical probit approximation of the exact integral. This deliberately differs from the
 *       form softmax(μ / (τ √(1 + π v / 8))) usually quoted for this model, which ignores that
 *       the logit difference has twice the variance and puts τ outside the variance correction; that form is off by
 *       0.07 in probability at K = 2, v = 2, τ = 0.5 where this one agrees with Monte Carlo;
 *   <li>{@link KalmanConfig.Predictive#MONTE_CARLO}: (1/S) Σ_s softmax((μ + √v ξ_s) / τ) with
 *       ξ_s ~ N(0, I_K).
 * </ul>
 *
 * <p>Both approximate the same quantity E[softmax((μ + √v ξ) / τ)], so τ means the same in both.
 *
 * <p>The Monte Carlo draws of one call come from a SplitMix64 stream seeded by (seed, stream id).
 * The learners pass their version counter as stream id, so the PRNG state is a pure function of
 * the model state: a prediction does not change the model, the prediction and the learning step
 * of the same version see the same draws, and restore-and-replay is bit-identical.
 *
 * <p>Holds scratch arrays only; not thread-safe.
 */
final class GaussianSoftmax {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final KalmanConfig.Predictive kind;
    private final int samples;
    private final long seed;
    private double[] logits = new double[0];
    private double[] softmax = new double[0];
    private final double[] sampleLogLikelihood;
    private final double[] sampleScore;
    private long rngState;
    private double spareGaussian;
    private boolean hasSpare;

    GaussianSoftmax(KalmanConfig config) {
        this.kind = config.predictive();
        this.samples = config.monteCarloSamples();
        this.seed = config.seed();
        boolean mc = kind == KalmanConfig.Predictive.MONTE_CARLO;
        this.sampleLogLikelihood = new double[mc ? samples : 0];
        this.sampleScore = new double[mc ? samples : 0];
    }

    /**
     * Writes the class probabilities into {@code out[0..k)}.
     *
     * @param mean the logit means μ, length ≥ k
     * @param k the number of classes, ≥ 1
     * @param variance the shared logit variance v ≥ 0
     * @param temperature τ &gt; 0
     * @param stream the id of the Monte Carlo draw stream (ignored by the probit form)
     */
    void probabilities(double[] mean, int k, double variance, double temperature, long stream, double[] out) {
        ensureCapacity(k);
        if (kind == KalmanConfig.Predictive.PROBIT) {
            probitLogits(mean, k, variance, temperature);
            softmaxInto(logits, k, out);
            return;
        }
        Arrays.fill(out, 0, k, 0.0);
        startStream(stream);
        double sd = Math.sqrt(variance);
        for (int s = 0; s < samples; s++) {
            sampleLogits(mean, k, sd, temperature);
            softmaxInto(logits, k, softmax);
            for (int c = 0; c < k; c++) {
                out[c] += softmax[c];
            }
        }
        for (int c = 0; c < k; c++) {
            out[c] /= samples;
        }
    }

    /**
     * d(−log p_y)/d(log τ) of the predictive of {@link #probabilities} with the same arguments.
     * With z the tempered logits: probit, z_y − Σ_c p_c z_c; Monte Carlo, the same per-sample
     * score averaged with weights softmax_s(log p_{s,y}), computed in the log domain; for probit the
     * score is multiplied by dlog z/dlog τ = −τ² / (τ² + π v / 4) up to sign.
     */
    double temperatureGradient(double[] mean, int k, double variance, double temperature, int label,
            long stream) {
        ensureCapacity(k);
        if (kind == KalmanConfig.Predictive.PROBIT) {
            probitLogits(mean, k, variance, temperature);
            softmaxInto(logits, k, softmax);
            double tau2 = temperature * temperature;
            return tau2 / (tau2 + Math.PI * variance / 4) * score(k, label);
        }
        startStream(stream);
        double sd = Math.sqrt(variance);
        double maxLog = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < samples; s++) {
            sampleLogits(mean, k, sd, temperature);
            double lse = softmaxInto(logits, k, softmax);
            sampleLogLikelihood[s] = logits[label] - lse;
            sampleScore[s] = score(k, label);
            maxLog = Math.max(maxLog, sampleLogLikelihood[s]);
        }
        double weightSum = 0;
        double weighted = 0;
        for (int s = 0; s < samples; s++) {
            double w = Math.exp(sampleLogLikelihood[s] - maxLog);
            weightSum += w;
            weighted += w * sampleScore[s];
        }
        return weighted / weightSum;
    }

    /** z_y − Σ_c p_c z_c for the current {@code logits} and {@code softmax}. */
    private double score(int k, int label) {
        double expected = 0;
        for (int c = 0; c < k; c++) {
            expected += softmax[c] * logits[c];
        }
        return logits[label] - expected;
    }

    private void probitLogits(double[] mean, int k, double variance, double temperature) {
        double scale = 1.0 / Math.sqrt(temperature * temperature + Math.PI * variance / 4);
        for (int c = 0; c < k; c++) {
            logits[c] = mean[c] * scale;
        }
    }

    private void sampleLogits(double[] mean, int k, double sd, double temperature) {
        for (int c = 0; c < k; c++) {
            logits[c] = (mean[c] + sd * nextGaussian()) / temperature;
        }
    }

    /** Writes softmax(z) into {@code out} and returns log Σ exp(z). */
    private static double softmaxInto(double[] z, int k, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, z[c]);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            double e = Math.exp(z[c] - max);
            out[c] = e;
            sum += e;
        }
        for (int c = 0; c < k; c++) {
            out[c] /= sum;
        }
        return max + Math.log(sum);
    }

    private void ensureCapacity(int k) {
        if (logits.length < k) {
            logits = new double[k];
            softmax = new double[k];
        }
    }

    private void startStream(long stream) {
        rngState = mix(seed ^ mix(stream + GOLDEN));
        hasSpare = false;
    }

    private double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u1 = ((nextLong() >>> 11) + 1) * 0x1.0p-53; // (0, 1]
        double u2 = (nextLong() >>> 11) * 0x1.0p-53;
        double r = Math.sqrt(-2 * Math.log(u1));
        double angle = 2 * Math.PI * u2;
        spareGaussian = r * Math.sin(angle);
        hasSpare = true;
        return r * Math.cos(angle);
    }

    private long nextLong() {
        rngState += GOLDEN;
        return mix(rngState);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
