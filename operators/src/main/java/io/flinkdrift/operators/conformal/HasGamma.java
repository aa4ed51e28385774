package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.conformal.AdaptiveRiskController;
import io.flinkdrift.core.conformal.RhoExpertsRiskController;
import org.apache.flink.ml.param.DoubleParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/**
 * Interface for γ, the step of the adaptive level α<sub>t</sub> of adaptive conformal inference
 * (Gibbs and Candès, NeurIPS 2021; {@link AdaptiveRiskController}, {@link RhoExpertsRiskController}).
 *
 * @param <T> the class of the implementing stage
 */
public interface HasGamma<T> extends WithParams<T> {

    Param<Double> GAMMA = new DoubleParam(
            "gamma",
            "Step of the adaptive level (aci: > 0; rho-experts: 0 keeps it at alpha).",
            0.05, ParamValidators.gtEq(0));

    default double getGamma() {
        return get(GAMMA);
    }

    default T setGamma(double value) {
        return set(GAMMA, value);
    }
}
