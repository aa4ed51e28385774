package io.flinkdrift.core.evaluation;

/**
 * Metrics that are functions of weighted sums of per-record <em>contributions</em>, so that one
 * accumulation strategy serves every metric family: cumulative (weight 1 for ever, the metrics
 * object itself), {@link SlidingWindowMetrics} (add the newest contribution, subtract the evicted
 * one) and {@link FadingMetrics} (scale all sums by &alpha;, then add).
 *
 * <p>A contribution is a fixed-width row of doubles computed once per record by the metric family
 * (for example {@link ClassificationMetrics#contribution}); the strategies store and replay rows
 * without knowing what they mean.
 *
 * @param <M> the implementing type
 */
public interface AdditiveMetrics<M extends AdditiveMetrics<M>> {

    /** Number of doubles in one contribution row of this metric family. */
    int contributionWidth();

    /**
     * Adds {@code weight} times the contribution stored at {@code contribution[offset ..
     * offset + contributionWidth())}; a weight of -1 removes a previously added row.
     */
    void add(double[] contribution, int offset, double weight);

    /** Multiplies every sum by {@code factor} (the fading step). */
    void scale(double factor);

    /** Adds the sums of {@code other}: merging partial results of parallel subtasks is exact. */
    void merge(M other);

    /** Resets every sum to zero. */
    void clear();

    /** The sum of record weights: the number of records for cumulative and windowed metrics. */
    double count();

    /** A new, empty instance of the same metric family. */
    M newEmpty();
}
