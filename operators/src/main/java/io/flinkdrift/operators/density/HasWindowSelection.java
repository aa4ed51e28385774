package io.flinkdrift.operators.density;

import io.flinkdrift.core.density.AdaptiveWindowConfig;
import io.flinkdrift.core.density.DyadicWindowCounts;
import org.apache.flink.ml.param.DoubleParam;
import org.apache.flink.ml.param.IntParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/**
 * Interface for the params of the adaptive window selection ({@link AdaptiveWindowConfig}, Mazzetto
 * and Upfal, ICML 2023 / NeurIPS 2023) of the adaptive histogram and kernel estimators.
 *
 * @param <T> the class of the implementing stage
 */
public interface HasWindowSelection<T> extends WithParams<T> {

    Param<Integer> MAX_WINDOW_EXPONENT = new IntParam(
            "maxWindowExponent",
            "The largest window is 2^J elements per key (the memory bound), J in [1, 26].",
            12, ParamValidators.inRange(1, DyadicWindowCounts.MAX_EXPONENT));

    Param<Integer> MIN_WINDOW_EXPONENT = new IntParam(
            "minWindowExponent",
            "The smallest window the selection may choose is 2^J0, J0 in [0, maxWindowExponent].",
            AdaptiveWindowConfig.DEFAULT_MIN_WINDOW_EXPONENT,
            ParamValidators.inRange(0, DyadicWindowCounts.MAX_EXPONENT));

    Param<Integer> RESELECT_EVERY = new IntParam(
            "reselectEvery",
            "Re-select the window after every N-th element of a key, N >= 1.",
            AdaptiveWindowConfig.DEFAULT_RESELECTION_INTERVAL, ParamValidators.gtEq(1));

    Param<Double> DELTA = new DoubleParam(
            "delta",
            "Probability budget in (0, 1) of a false shrink over a whole stationary stream.",
            AdaptiveWindowConfig.DEFAULT_DELTA, ParamValidators.inRange(0, 1, false, false));

    Param<Double> THRESHOLD_MULTIPLIER = new DoubleParam(
            "thresholdMultiplier",
            "Scales the shrink thresholds, > 0; below 1 reacts sooner but voids the delta guarantee.",
            AdaptiveWindowConfig.DEFAULT_THRESHOLD_MULTIPLIER, ParamValidators.gt(0));

    /** The window selection these params describe. */
    static AdaptiveWindowConfig config(WithParams<?> params) {
        return new AdaptiveWindowConfig(params.get(MAX_WINDOW_EXPONENT), params.get(MIN_WINDOW_EXPONENT),
                params.get(RESELECT_EVERY), params.get(DELTA), params.get(THRESHOLD_MULTIPLIER));
    }
}
