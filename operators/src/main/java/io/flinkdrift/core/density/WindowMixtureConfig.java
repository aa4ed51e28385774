package io.flinkdrift.core.density;

import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Configuration of {@link WindowMixtureHistogramEstimator}; immutable.
 *
 * <ul>
 *   <li>{@code minWindowExponent} jMin in [0, maxWindowExponent], default 3: the shortest expert
 *       window is {@code 2^jMin} to {@code 2^(jMin+1) - 1} elements.
 *   <li>{@code maxWindowExponent} in [jMin, 30], default 30: the highest level, so the longest
 *       window follows the whole stream up to {@code 2^31 - 1} elements. It bounds the state
 *       ({@code 2 (maxWindowExponent - jMin + 1)} count vectors at most), not the window the data
 *       may choose.
 *   <li>{@code switchRate} α in (0, 1), default 2^-10: the fixed-share mixing. A switch of the best
 *       window costs about {@code ln(M/α)} nats, and every element about α (Herbster and Warmuth 1998).
 * </ul>
 */
public final class WindowMixtureConfig {

    public static final int DEFAULT_MIN_WINDOW_EXPONENT = 3;
    public static final int DEFAULT_MAX_WINDOW_EXPONENT = DyadicBlockCounts.MAX_EXPONENT;
    public static final double DEFAULT_SWITCH_RATE = 1.0 / 1024;

    private final int minWindowExponent;
    private final int maxWindowExponent;
    private final double switchRate;

    /** @throws IllegalArgumentException when an argument is outside the range documented above */
    public WindowMixtureConfig(int minWindowExponent, int maxWindowExponent, double switchRate) {
        if (maxWindowExponent < 0 || maxWindowExponent > DyadicBlockCounts.MAX_EXPONENT) {
            throw new IllegalArgumentException("maxWindowExponent must be in [0, "
                    + DyadicBlockCounts.MAX_EXPONENT + "], got " + maxWindowExponent);
        }
        if (minWindowExponent < 0 || minWindowExponent > maxWindowExponent) {
            throw new IllegalArgumentException("minWindowExponent must be in [0, maxWindowExponent = "
                    + maxWindowExponent + "], got " + minWindowExponent);
        }
        if (!(switchRate > 0 && switchRate < 1)) {
            throw new IllegalArgumentException("switchRate must be in (0, 1), got " + switchRate);
        }
        this.minWindowExponent = minWindowExponent;
        this.maxWindowExponent = maxWindowExponent;
        this.switchRate = switchRate;
    }

    /** The defaults above. */
    public static WindowMixtureConfig defaults() {
        return new WindowMixtureConfig(DEFAULT_MIN_WINDOW_EXPONENT, DEFAULT_MAX_WINDOW_EXPONENT, DEFAULT_SWITCH_RATE);
    }

    public int minWindowExponent() {
        return minWindowExponent;
    }

    public int maxWindowExponent() {
        return maxWindowExponent;
    }

    public double switchRate() {
        return switchRate;
    }

    /** Format 1: jMin, the highest level, α. */
    public static final class Codec implements StateCodec<WindowMixtureConfig> {

        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(WindowMixtureConfig value, DataOutput out) throws IOException {
            out.writeInt(value.minWindowExponent);
            out.writeInt(value.maxWindowExponent);
            out.writeDouble(value.switchRate);
        }

        @Override
        public WindowMixtureConfig read(DataInput in, int version) throws IOException {
            try {
                return new WindowMixtureConfig(in.readInt(), in.readInt(), in.readDouble());
            } catch (IllegalArgumentException e) {
                throw new IOException("Corrupt window mixture config: " + e.getMessage(), e);
            }
        }
    }
}
