package io.flinkdrift.core.conformal;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The finite grid λ<sub>1</sub> &lt; … &lt; λ<sub>G</sub> over which conformal risk control searches
 * the threshold λ̂ (Farinhas et al., "Non-exchangeable conformal risk control", ICLR 2024, §3; the
 * streaming state keeps one weighted loss sum per grid point). Prediction sets grow with λ, so
 * {@link #max()} gives the most conservative set, returned when no grid value meets the target.
 *
 * <p>Immutable; values are finite and strictly increasing; {@code G >= 1}.
 */
public final class LambdaGrid implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double[] values;

    /**
     * @param values the grid, finite and strictly increasing, at least one value (copied)
     * @throws IllegalArgumentException if {@code values} is null, empty, non-finite or not strictly
     *     increasing
     */
    public LambdaGrid(double... values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("lambda grid: needs at least one value (G >= 1)");
        }
        for (int g = 0; g < values.length; g++) {
            if (!Double.isFinite(values[g])) {
                throw new IllegalArgumentException(
                        "lambda grid: value " + g + " is " + values[g] + ", must be finite");
            }
            if (g > 0 && !(values[g] > values[g - 1])) {
                throw new IllegalArgumentException("lambda grid: must be strictly increasing, but value "
                        + g + " (" + values[g] + ") <= value " + (g - 1) + " (" + values[g - 1] + ')');
            }
        }
        this.values = values.clone();
    }

    /**
     * {@code size} evenly spaced values from {@code first} to {@code last} inclusive, like NumPy's
     * {@code linspace} (the paper's multilabel grid is {@code linspace(0, 1, 50)}).
     *
     * @throws IllegalArgumentException if {@code size < 1}, the bounds are not finite, {@code size
     *     == 1} and {@code first != last}, or {@code size > 1} and {@code first >= last}
     */
    public static LambdaGrid linspace(double first, double last, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("lambda grid: size must be >= 1, got " + size);
        }
        if (size == 1) {
            if (first != last) {
                throw new IllegalArgumentException("lambda grid: a grid of size 1 needs first == last, got "
                        + first + " and " + last);
            }
            return new LambdaGrid(first);
        }
        if (!(first < last)) {
            throw new IllegalArgumentException(
                    "lambda grid: first (" + first + ") must be < last (" + last + ')');
        }
        double[] values = new double[size];
        double step = (last - first) / (size - 1);
        for (int g = 0; g < size - 1; g++) {
            values[g] = first + g * step;
        }
        values[size - 1] = last;
        return new LambdaGrid(values);
    }

    /** G, the number of grid values. */
    public int size() {
        return values.length;
    }

    /** λ<sub>index+1</sub>, for {@code 0 <= index < size()}. */
    public double value(int index) {
        return values[index];
    }

    /** λ<sub>max</sub>, the largest grid value (the most conservative prediction set). */
    public double max() {
        return values[values.length - 1];
    }

    /** The index of the smallest grid value &ge; {@code lambda}, or of λ<sub>max</sub> when none is. */
    public int ceilingIndex(double lambda) {
        int index = Arrays.binarySearch(values, lambda);
        if (index >= 0) {
            return index;
        }
        return Math.min(-index - 1, values.length - 1);
    }

    /** A copy of the grid values. */
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LambdaGrid && Arrays.equals(values, ((LambdaGrid) o).values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "LambdaGrid{G=" + values.length + ", " + values[0] + ".." + max() + '}';
    }
}
