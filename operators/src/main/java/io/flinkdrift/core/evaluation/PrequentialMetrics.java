package io.flinkdrift.core.evaluation;

import java.util.Objects;

/**
 * The three standard views of one prequential (test-then-train) evaluation, fed from a single
 * contribution row per labelled prediction: cumulative since the start, over a sliding window of
 * the last W records, and with a fading factor &alpha; (Gama et al., Machine Learning 90, 2013,
 * recommend the last two because the cumulative estimate is pessimistic and slow under drift).
 *
 * @param <M> the metric family ({@link ClassificationMetrics} or {@link RegressionMetrics})
 */
public final class PrequentialMetrics<M extends AdditiveMetrics<M>> {

    private final M cumulative;
    private final SlidingWindowMetrics<M> window;
    private final FadingMetrics<M> fading;

    /**
     * @param emptyMetrics an empty instance of the metric family; owned by this object from now on
     * @param windowSize W, {@code >= 1}
     * @param fadingFactor &alpha; in (0, 1]
     * @throws IllegalArgumentException as {@link SlidingWindowMetrics} and {@link FadingMetrics}
     */
    public PrequentialMetrics(M emptyMetrics, int windowSize, double fadingFactor) {
        this(emptyMetrics, new SlidingWindowMetrics<>(emptyMetrics.newEmpty(), windowSize),
                new FadingMetrics<>(emptyMetrics.newEmpty(), fadingFactor));
        if (emptyMetrics.count() != 0) {
            throw new IllegalArgumentException(
                    "emptyMetrics must be empty, got count " + emptyMetrics.count());
        }
    }

    PrequentialMetrics(M cumulative, SlidingWindowMetrics<M> window, FadingMetrics<M> fading) {
        this.cumulative = Objects.requireNonNull(cumulative, "cumulative");
        this.window = Objects.requireNonNull(window, "window");
        this.fading = Objects.requireNonNull(fading, "fading");
    }

    /** Adds one labelled prediction's contribution row to all three views. */
    public void add(double[] contribution) {
        cumulative.add(contribution, 0, 1.0);
        window.add(contribution);
        fading.add(contribution);
    }

    /** Metrics over every record so far: a live view, not to be modified. */
    public M cumulative() {
        return cumulative;
    }

    /** Metrics over the last W records: a live view, not to be modified. */
    public M window() {
        return window.metrics();
    }

    /** Faded metrics: a live view, not to be modified. */
    public M fading() {
        return fading.metrics();
    }

    SlidingWindowMetrics<M> slidingWindow() {
        return window;
    }

    FadingMetrics<M> fadingMetrics() {
        return fading;
    }

    /** W. */
    public int windowSize() {
        return window.windowSize();
    }

    /** &alpha;. */
    public double fadingFactor() {
        return fading.fadingFactor();
    }
}
