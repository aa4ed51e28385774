package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.conformal.RhoExpertsRiskController;
import org.apache.flink.ml.param.DoubleArrayParam;
import org.apache.flink.ml.param.DoubleParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/**
 * Interface for the experts of the online choice of ρ ({@link RhoExpertsRiskController}): the ρ grid,
 * and the learning rate and fixed share of the experts' exponential weights (Herbster and Warmuth 1998).
 *
 * @param <T> the class of the implementing stage
 */
public interface HasRhoExperts<T> extends WithParams<T> {

    Param<Double[]> RHOS = new DoubleArrayParam(
            "rhos",
            "The rho grid, distinct values in (0, 1].",
            new Double[] {0.98, 0.99, 0.995, 0.998, 0.999, 1.0}, ParamValidators.nonEmptyArray());

    Param<Double> EXPERT_RATE = new DoubleParam(
            "expertRate",
            "Learning rate of the experts' exponential weights.",
            100.0, ParamValidators.gt(0));

    Param<Double> SHARE = new DoubleParam(
            "share",
            "Fixed-share mixing with uniform weights, in [0, 1).",
            0.05, ParamValidators.inRange(0, 1, true, false));

    default Double[] getRhos() {
        return get(RHOS);
    }

    default T setRhos(Double... value) {
        return set(RHOS, value);
    }

    default double getExpertRate() {
        return get(EXPERT_RATE);
    }

    default T setExpertRate(double value) {
        return set(EXPERT_RATE, value);
    }

    default double getShare() {
        return get(SHARE);
    }

    default T setShare(double value) {
        return set(SHARE, value);
    }
}
