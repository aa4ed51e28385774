package io.flinkdrift.operators.density;

import io.flinkdrift.core.density.GridBinning;
import org.apache.flink.ml.param.DoubleArrayParam;
import org.apache.flink.ml.param.IntParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/**
 * Interface for the params of a density estimator's histogram grid ({@link GridBinning}): its lower
 * and upper corners, one value per feature or one for all, and its bins per feature.
 *
 * @param <T> the class of the implementing stage
 */
public interface HasGrid<T> extends WithParams<T> {

    Param<Double[]> GRID_LO = new DoubleArrayParam(
            "gridLo",
            "Lower corner of the histogram grid (kde: of the grid that chooses the window), one value per "
                    + "feature or one for all; experts grows the grid to cover values outside it (growGrid); the "
                    + "other histograms score them in its edge cells and count them (outOfRange).",
            new Double[] {0.0}, ParamValidators.nonEmptyArray());

    Param<Double[]> GRID_HI = new DoubleArrayParam(
            "gridHi",
            "Upper corner of the grid, like gridLo.",
            new Double[] {1.0}, ParamValidators.nonEmptyArray());

    Param<Integer> BINS = new IntParam(
            "bins",
            "Bins per feature (B^d cells, d <= 3 features, B^d <= 2^20); the adaptive thresholds grow like "
                    + "sqrt(B^d).",
            16, ParamValidators.gtEq(1));

    default Double[] getGridLo() {
        return get(GRID_LO);
    }

    default T setGridLo(Double... value) {
        return set(GRID_LO, value);
    }

    default Double[] getGridHi() {
        return get(GRID_HI);
    }

    default T setGridHi(Double... value) {
        return set(GRID_HI, value);
    }

    default int getBins() {
        return get(BINS);
    }

    default T setBins(int value) {
        return set(BINS, value);
    }
}
