package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.conformal.LambdaGrid;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.StringParam;
import org.apache.flink.ml.param.WithParams;

/**
 * Interface for the λ-grid of conformal risk control ({@link LambdaGrid}): {@code FIRST:LAST:SIZE},
 * SIZE evenly spaced thresholds.
 *
 * @param <T> the class of the implementing stage
 */
public interface HasLambdaGrid<T> extends WithParams<T> {

    Param<String> GRID = new StringParam(
            "grid",
            "The lambda grid FIRST:LAST:SIZE, SIZE evenly spaced values (interval half-widths, or set "
                    + "thresholds 1 - lambda).",
            "0:1:101", value -> value != null && parts(value) != null);

    default String getGrid() {
        return get(GRID);
    }

    default T setGrid(String value) {
        return set(GRID, value);
    }

    /** The text of a grid of {@code size} values from {@code first} to {@code last}. */
    static String text(double first, double last, int size) {
        return first + ":" + last + ":" + size;
    }

    /**
     * The grid of {@code params}.
     *
     * @throws IllegalArgumentException if it is not increasing or has fewer than two values
     */
    static LambdaGrid lambdaGrid(WithParams<?> params) {
        double[] parts = parts(params.get(GRID));
        return LambdaGrid.linspace(parts[0], parts[1], (int) parts[2]);
    }

    /** FIRST, LAST and SIZE of {@code text}, or null if it is not two numbers and a whole number. */
    private static double[] parts(String text) {
        String[] parts = text.split(":");
        if (parts.length != 3) {
            return null;
        }
        try {
            return new double[] {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()),
                    Integer.parseInt(parts[2].trim())};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
