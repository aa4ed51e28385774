package io.flinkdrift.operators.ml;

import io.flinkdrift.core.learners.rls.RlsConfig;
import org.apache.flink.ml.param.DoubleParam;
import org.apache.flink.ml.param.IntParam;
import org.apache.flink.ml.param.LongParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;

/**
 * Params of {@link OnlineRvflClassifier}: the hyperparameters of {@link RlsConfig} that the
 * {@code classify} job also offers.
 *
 * @param <T> the class of the implementing stage
 */
public interface OnlineRvflClassifierParams<T> extends OnlineClassifierParams<T> {

    Param<Double> FORGETTING = new DoubleParam(
            "forgetting",
            "Forgetting factor lambda of recursive least squares, in (0, 1]; the memory is about "
                    + "1/(1 - lambda) records.",
            0.994, ParamValidators.inRange(0, 1, false, true));

    Param<Integer> ENHANCEMENT_GROUPS = new IntParam(
            "enhancementGroups",
            "Groups of 10 random sigmoid features (Lite-RVFL), >= 0; 0 = plain RLS on the raw features.",
            10, ParamValidators.gtEq(0));

    Param<Long> SEED = new LongParam(
            "seed",
            "Seed of the random features.",
            0L, ParamValidators.notNull());

    default double getForgetting() {
        return get(FORGETTING);
    }

    default T setForgetting(double value) {
        return set(FORGETTING, value);
    }

    default int getEnhancementGroups() {
        return get(ENHANCEMENT_GROUPS);
    }

    default T setEnhancementGroups(int value) {
        return set(ENHANCEMENT_GROUPS, value);
    }

    default long getSeed() {
        return get(SEED);
    }

    default T setSeed(long value) {
        return set(SEED, value);
    }
}
