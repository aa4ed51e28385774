package io.flinkdrift.core.density;

import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;

/**
 * Configuration of the adaptive window selection ({@link WindowSelector}); immutable.
 *
 * <ul>
 *   <li>{@code maxWindowExponent} J in [1, 26]: windows are {@code 2^j}, the largest (and the
 *       memory bound) is {@code R_max = 2^J}. No default: it sets the memory per key.
 *   <li>{@code minWindowExponent} in [0, J], default {@code min(4, J)}: the smallest window the
 *       selection may choose and compare (smaller windows only add noise and union-bound terms).
 *   <li>{@code reselectionInterval} N >= 1, default 32: the window is re-selected after every N-th
 *       element (O(J^2 k) per re-selection).
 *   <li>{@code delta} in (0, 1), default 0.1 (as in the authors' code): probability budget of a
 *       false shrink over the whole stream on stationary data.
 *   <li>{@code thresholdMultiplier} c > 0, default 1: scales every threshold. With c = 1 the
 *       thresholds are a valid (conservative) bound; c &lt; 1 detects drift sooner at the cost of
 *       the false-shrink guarantee.
 * </ul>
 */
public final class AdaptiveWindowConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MIN_WINDOW_EXPONENT = 4;
    public static final int DEFAULT_RESELECTION_INTERVAL = 32;
    public static final double DEFAULT_DELTA = 0.1;
    public static final double DEFAULT_THRESHOLD_MULTIPLIER = 1.0;

    private final int maxWindowExponent;
    private final int minWindowExponent;
    private final int reselectionInterval;
    private final double delta;
    private final double thresholdMultiplier;

    /** @throws IllegalArgumentException when an argument is outside the range documented above */
    public AdaptiveWindowConfig(
            int maxWindowExponent,
            int minWindowExponent,
            int reselectionInterval,
            double delta,
            double thresholdMultiplier) {
        if (maxWindowExponent < 1 || maxWindowExponent > DyadicWindowCounts.MAX_EXPONENT) {
            throw new IllegalArgumentException("maxWindowExponent must be in [1, "
                    + DyadicWindowCounts.MAX_EXPONENT + "], got " + maxWindowExponent);
        }
        if (minWindowExponent < 0 || minWindowExponent > maxWindowExponent) {
            throw new IllegalArgumentException("minWindowExponent must be in [0, maxWindowExponent = "
                    + maxWindowExponent + "], got " + minWindowExponent);
        }
        if (reselectionInterval < 1) {
            throw new IllegalArgumentException("reselectionInterval must be >= 1, got " + reselectionInterval);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
        }
        if (!(thresholdMultiplier > 0) || Double.isInfinite(thresholdMultiplier)) {
            throw new IllegalArgumentException(
                    "thresholdMultiplier must be finite and > 0, got " + thresholdMultiplier);
        }
        this.maxWindowExponent = maxWindowExponent;
        this.minWindowExponent = minWindowExponent;
        this.reselectionInterval = reselectionInterval;
        this.delta = delta;
        this.thresholdMultiplier = thresholdMultiplier;
    }

    /** The defaults above with the given J. */
    public static AdaptiveWindowConfig withMaxWindowExponent(int maxWindowExponent) {
        return new AdaptiveWindowConfig(
                maxWindowExponent,
                Math.min(DEFAULT_MIN_WINDOW_EXPONENT, maxWindowExponent),
                DEFAULT_RESELECTION_INTERVAL,
                DEFAULT_DELTA,
                DEFAULT_THRESHOLD_MULTIPLIER);
    }

    public int maxWindowExponent() {
        return maxWindowExponent;
    }

    public int minWindowExponent() {
        return minWindowExponent;
    }

    public int reselectionInterval() {
        return reselectionInterval;
    }

    public double delta() {
        return delta;
    }

    public double thresholdMultiplier() {
        return thresholdMultiplier;
    }

    /** The number of compared window pairs, {@code W(W-1)/2} with {@code W = J - jMin + 1}, at least 1. */
    public int comparedPairs() {
        int windows = maxWindowExponent - minWindowExponent + 1;
        return Math.max(1, windows * (windows - 1) / 2);
    }

    /** Format 1: J, jMin, N, delta, c. */
    public static final class Codec implements StateCodec<AdaptiveWindowConfig> {

        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(AdaptiveWindowConfig value, DataOutput out) throws IOException {
            out.writeInt(value.maxWindowExponent);
            out.writeInt(value.minWindowExponent);
            out.writeInt(value.reselectionInterval);
            out.writeDouble(value.delta);
            out.writeDouble(value.thresholdMultiplier);
        }

        @Override
        public AdaptiveWindowConfig read(DataInput in, int version) throws IOException {
            return new AdaptiveWindowConfig(
                    in.readInt(), in.readInt(), in.readInt(), in.readDouble(), in.readDouble());
        }
    }
}
