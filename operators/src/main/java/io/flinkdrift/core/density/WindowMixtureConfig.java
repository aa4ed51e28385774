package io.flinkdrift.core.density;

import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;

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
 *   <li>{@code growGrid}, default true: a {@link GridBinning} with an even number of bins per axis
 *       doubles its range along an axis (merging bins pairwise, exactly) until it covers each point
 *       added, so no point is clamped into an edge cell; the number of cells never changes. Off, a
 *       point outside the grid is scored in its edge cell and reported by {@code covers}.
 * </ul>
 */
public final class WindowMixtureConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MIN_WINDOW_EXPONENT = 3;
    public static final int DEFAULT_MAX_WINDOW_EXPONENT = DyadicBlockCounts.MAX_EXPONENT;
    public static final double DEFAULT_SWITCH_RATE = 1.0 / 1024;
    public static final boolean DEFAULT_GROW_GRID = true;

    private final int minWindowExponent;
    private final int maxWindowExponent;
    private final double switchRate;
    private final boolean growGrid;

    /** The configuration with the default {@code growGrid}. */
    public WindowMixtureConfig(int minWindowExponent, int maxWindowExponent, double switchRate) {
        this(minWindowExponent, maxWindowExponent, switchRate, DEFAULT_GROW_GRID);
    }

    /** @throws IllegalArgumentException when an argument is outside the range documented above */
    public WindowMixtureConfig(int minWindowExponent, int maxWindowExponent, double switchRate, boolean growGrid) {
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
        this.growGrid = growGrid;
    }

    /** The defaults above. */
    public static WindowMixtureConfig defaults() {
        return new WindowMixtureConfig(DEFAULT_MIN_WINDOW_EXPONENT, DEFAULT_MAX_WINDOW_EXPONENT, DEFAULT_SWITCH_RATE,
                DEFAULT_GROW_GRID);
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

    public boolean growGrid() {
        return growGrid;
    }

    /** Format 2: jMin, the highest level, α, growGrid. Format 1 had no growGrid and reads with it off. */
    public static final class Codec implements StateCodec<WindowMixtureConfig> {

        @Override
        public int version() {
            return 2;
        }

        @Override
        public void write(WindowMixtureConfig value, DataOutput out) throws IOException {
            out.writeInt(value.minWindowExponent);
            out.writeInt(value.maxWindowExponent);
            out.writeDouble(value.switchRate);
            out.writeBoolean(value.growGrid);
        }

        @Override
        public WindowMixtureConfig read(DataInput in, int version) throws IOException {
            try {
                int minExponent = in.readInt();
                int maxExponent = in.readInt();
                double switchRate = in.readDouble();
                return new WindowMixtureConfig(minExponent, maxExponent, switchRate, version >= 2 && in.readBoolean());
            } catch (IllegalArgumentException e) {
                throw new IOException("Corrupt window mixture config: " + e.getMessage(), e);
            }
        }
    }
}
