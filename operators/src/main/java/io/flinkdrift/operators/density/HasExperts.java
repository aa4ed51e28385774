package io.flinkdrift.operators.density;

import io.flinkdrift.core.density.DyadicBlockCounts;
import io.flinkdrift.core.density.WindowMixtureConfig;
import org.apache.flink.ml.param.BooleanParam;
import org.apache.flink.ml.param.DoubleParam;
import org.apache.flink.ml.param.IntParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/**
 * Interface for the params of the fixed-share mixture of dyadic-window histograms ({@link
 * WindowMixtureConfig}, Herbster and Warmuth 1998).
 *
 * @param <T> the class of the implementing stage
 */
public interface HasExperts<T> extends WithParams<T> {

    Param<Integer> EXPERT_MIN_EXPONENT = new IntParam(
            "expertMinExponent",
            "The shortest expert window holds 2^J0 to 2^(J0+1)-1 elements, J0 in [0, expertMaxExponent].",
            WindowMixtureConfig.DEFAULT_MIN_WINDOW_EXPONENT,
            ParamValidators.inRange(0, DyadicBlockCounts.MAX_EXPONENT));

    Param<Integer> EXPERT_MAX_EXPONENT = new IntParam(
            "expertMaxExponent",
            "The highest window level (the state bound: at most 2(J-J0+1) count vectors per key); levels are "
                    + "added as the stream grows, so the longest window is the whole stream up to 2^(J+1)-1 "
                    + "elements; J in [0, 30].",
            WindowMixtureConfig.DEFAULT_MAX_WINDOW_EXPONENT,
            ParamValidators.inRange(0, DyadicBlockCounts.MAX_EXPONENT));

    Param<Double> SWITCH_RATE = new DoubleParam(
            "switchRate",
            "The fixed-share rate A in (0, 1); a change of the best window costs about ln(levels/A) nats, "
                    + "each element about A.",
            WindowMixtureConfig.DEFAULT_SWITCH_RATE, ParamValidators.inRange(0, 1, false, false));

    Param<Boolean> GROW_GRID = new BooleanParam(
            "growGrid",
            "Double the grid's range along a feature (merging bins pairwise, exactly; the number of cells "
                    + "stays B^d) until it covers each value, instead of scoring values outside it in its edge "
                    + "cells; needs an even number of bins.",
            WindowMixtureConfig.DEFAULT_GROW_GRID);

    /** The mixture these params describe. */
    static WindowMixtureConfig config(WithParams<?> params) {
        return new WindowMixtureConfig(params.get(EXPERT_MIN_EXPONENT), params.get(EXPERT_MAX_EXPONENT),
                params.get(SWITCH_RATE), params.get(GROW_GRID));
    }
}
