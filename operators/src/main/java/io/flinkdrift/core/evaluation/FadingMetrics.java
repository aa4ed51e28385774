package io.flinkdrift.core.evaluation;

import java.util.Objects;

/**
 * Metrics with exponential forgetting, MOA's {@code FadingFactorClassificationPerformanceEvaluator}
 * semantics (Gama, Sebasti&atilde;o, Rodrigues, "On evaluating stream learning algorithms", Machine
 * Learning 90, 2013): every sum S and the weight N are updated as S &larr; &alpha;S + x, N &larr;
 * &alpha;N + 1, so record i of n counts with weight &alpha;<sup>n&minus;i</sup>. &alpha; = 1 gives
 * the cumulative metrics. O(1) per record for regression, O(K) for K classes.
 *
 * @param <M> the metric family
 */
public final class FadingMetrics<M extends AdditiveMetrics<M>> {

    private final M metrics;
    private final double fadingFactor;

    /**
     * @param emptyMetrics the metric family to keep, empty; owned by this object from now on
     * @param fadingFactor &alpha; in (0, 1]; MOA's default is 0.999
     * @throws IllegalArgumentException if &alpha; is outside (0, 1] or {@code emptyMetrics} is not empty
     */
    public FadingMetrics(M emptyMetrics, double fadingFactor) {
        this(emptyMetrics, fadingFactor, true);
    }

    private FadingMetrics(M metrics, double fadingFactor, boolean requireEmpty) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        if (!(fadingFactor > 0 && fadingFactor <= 1)) {
            throw new IllegalArgumentException("fadingFactor must be in (0, 1], got " + fadingFactor);
        }
        if (requireEmpty && metrics.count() != 0) {
            throw new IllegalArgumentException("emptyMetrics must be empty, got count " + metrics.count());
        }
        this.fadingFactor = fadingFactor;
    }

    /** Rebuilds a fading state from its faded sums (used by the codec). */
    static <M extends AdditiveMetrics<M>> FadingMetrics<M> restore(M metrics, double fadingFactor) {
        return new FadingMetrics<>(metrics, fadingFactor, false);
    }

    /** Fades every sum by &alpha;, then adds one record's contribution row with weight 1. */
    public void add(double[] contribution) {
        metrics.scale(fadingFactor);
        metrics.add(contribution, 0, 1.0);
    }

    /** The faded metrics: a live view, not to be modified. */
    public M metrics() {
        return metrics;
    }

    /** &alpha;. */
    public double fadingFactor() {
        return fadingFactor;
    }
}
