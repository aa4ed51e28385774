package io.flinkdrift.operators.density;

import io.flinkdrift.core.density.GridBinning;
import org.apache.flink.ml.param.WithParams;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The grid params of {@link HasGrid} in the serializable form a factory captures: corners given
 * once are broadcast to every feature when the dimension is known.
 */
record DensityGrid(double[] lo, double[] hi, int bins) implements Serializable {

    /**
     * The grid of {@code params}, validated for the dimension its corners imply.
     *
     * @throws IllegalArgumentException when the corners do not match or the grid is invalid
     */
    static DensityGrid of(WithParams<?> params) {
        DensityGrid grid = new DensityGrid(unboxed(params.get(HasGrid.GRID_LO)),
                unboxed(params.get(HasGrid.GRID_HI)), params.get(HasGrid.BINS));
        grid.binning(Math.max(grid.lo.length, grid.hi.length));
        return grid;
    }

    /**
     * The grid for points of {@code dimension} features.
     *
     * @throws IllegalArgumentException when the corners do not fit {@code dimension} or the grid is invalid
     */
    GridBinning binning(int dimension) {
        return new GridBinning(broadcast("gridLo", lo, dimension), broadcast("gridHi", hi, dimension), bins);
    }

    /**
     * {@code values} for {@code dimension} features: as given when there is one per feature, the one
     * value repeated when there is one.
     *
     * @throws IllegalArgumentException otherwise
     */
    static double[] broadcast(String param, double[] values, int dimension) {
        if (values.length == dimension) {
            return values.clone();
        }
        if (values.length != 1 || dimension < 1) {
            throw new IllegalArgumentException(param + " needs one value or one per feature (" + dimension
                    + " features), got " + values.length);
        }
        double[] all = new double[dimension];
        Arrays.fill(all, values[0]);
        return all;
    }

    static double[] unboxed(Double[] values) {
        return Arrays.stream(values).mapToDouble(Double::doubleValue).toArray();
    }
}
