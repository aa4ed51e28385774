package io.flinkdrift.core.evaluation;

import java.util.Objects;

/**
 * Metrics over the last {@code W} labelled predictions (MOA's {@code WindowClassificationPerformance
 * Evaluator}, River's {@code utils.Rolling}): a ring buffer keeps the contribution row of each record
 * in the window; an update adds the new row and subtracts the evicted one from the sums, O(1) per
 * record. Subtraction lets rounding errors in the real-valued sums build up (and a huge evicted term
 * swamps the small ones left), so every {@code W} evictions the sums are recomputed from the buffer:
 * amortised O(1), and the error is that of rounding over the last 2W records at most. Integer
 * counts (confusion matrix, accuracy) stay exact.
 *
 * <p>Memory: {@code W} rows of {@link AdditiveMetrics#contributionWidth()} doubles plus the metrics.
 *
 * @param <M> the metric family
 */
public final class SlidingWindowMetrics<M extends AdditiveMetrics<M>> {

    private final M metrics;
    private final int windowSize;
    private final int width;
    private final double[] rows;
    private int size;
    /** Ring index of the slot the next row goes to (the oldest row once the window is full). */
    private int next;
    private int evictionsSinceRecompute;

    /**
     * @param emptyMetrics the metric family to keep, empty; owned by this window from now on
     * @param windowSize W, the number of most recent records kept, {@code >= 1}
     * @throws IllegalArgumentException if {@code windowSize < 1} or {@code emptyMetrics} is not empty
     */
    public SlidingWindowMetrics(M emptyMetrics, int windowSize) {
        this(emptyMetrics, windowSize, new double[rowsLength(windowSize, emptyMetrics.contributionWidth())],
                0, 0, 0);
        if (emptyMetrics.count() != 0) {
            throw new IllegalArgumentException(
                    "emptyMetrics must be empty, got count " + emptyMetrics.count());
        }
    }

    SlidingWindowMetrics(M metrics, int windowSize, double[] rows, int size, int next,
            int evictionsSinceRecompute) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.windowSize = windowSize;
        this.width = metrics.contributionWidth();
        this.rows = rows;
        this.size = size;
        this.next = next;
        this.evictionsSinceRecompute = evictionsSinceRecompute;
    }

    private static int rowsLength(int windowSize, int width) {
        long length = (long) windowSize * width;
        if (windowSize < 1 || length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("windowSize must be in [1, " + (Integer.MAX_VALUE - 8) / width
                    + "], got " + windowSize);
        }
        return (int) length;
    }

    /** Adds one record's contribution row, evicting the oldest record when the window is full. */
    public void add(double[] contribution) {
        int offset = next * width;
        if (size == windowSize) {
            metrics.add(rows, offset, -1.0);
            evictionsSinceRecompute++;
        } else {
            size++;
        }
        System.arraycopy(contribution, 0, rows, offset, width);
        metrics.add(rows, offset, 1.0);
        next = (next + 1) % windowSize;
        if (evictionsSinceRecompute == windowSize) {
            recompute();
        }
    }

    private void recompute() {
        metrics.clear();
        for (int i = 0; i < size; i++) {
            metrics.add(rows, ((next + i) % windowSize) * width, 1.0);
        }
        evictionsSinceRecompute = 0;
    }

    /** The metrics of the records in the window: a live view, not to be modified. */
    public M metrics() {
        return metrics;
    }

    /** W, the capacity. */
    public int windowSize() {
        return windowSize;
    }

    /** Number of records in the window, {@code min(W, records added)}. */
    public int size() {
        return size;
    }

    double[] rows() {
        return rows;
    }

    int next() {
        return next;
    }

    int evictionsSinceRecompute() {
        return evictionsSinceRecompute;
    }
}
