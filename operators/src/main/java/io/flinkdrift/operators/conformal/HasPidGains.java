package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.conformal.LambdaGrid;
import io.flinkdrift.core.conformal.PidRiskController;
import org.apache.flink.ml.param.DoubleParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/**
 * Interface for the gains of conformal PID control (Angelopoulos, Candès and Tibshirani, NeurIPS
 * 2023; {@link PidRiskController}): the proportional step η and the integrator's gain K<sub>I</sub>
 * and saturation C<sub>sat</sub>.
 *
 * @param <T> the class of the implementing stage
 */
public interface HasPidGains<T> extends WithParams<T> {

    /** η as a fraction of the λ-grid's range when {@link #ETA} is not set. */
    double DEFAULT_ETA_FRACTION = 0.05;

    Param<Double> ETA = new DoubleParam(
            "eta",
            "Proportional step, in units of lambda; none: 0.05 times the grid's range.",
            null, value -> value == null || Double.isFinite(value) && value > 0);

    Param<Double> INTEGRAL_GAIN = new DoubleParam(
            "integralGain",
            "Integrator gain K_I (0: quantile tracking).",
            0.0, ParamValidators.gtEq(0));

    Param<Double> SATURATION = new DoubleParam(
            "saturation",
            "Integrator saturation C_sat.",
            1.0, ParamValidators.gt(0));

    default Double getEta() {
        return get(ETA);
    }

    default T setEta(double value) {
        return set(ETA, value);
    }

    default double getIntegralGain() {
        return get(INTEGRAL_GAIN);
    }

    default T setIntegralGain(double value) {
        return set(INTEGRAL_GAIN, value);
    }

    default double getSaturation() {
        return get(SATURATION);
    }

    default T setSaturation(double value) {
        return set(SATURATION, value);
    }

    /** η of {@code params}, or {@link #DEFAULT_ETA_FRACTION} of {@code grid}'s range when it is not set. */
    static double eta(WithParams<?> params, LambdaGrid grid) {
        Double eta = params.get(ETA);
        return eta == null ? DEFAULT_ETA_FRACTION * (grid.max() - grid.value(0)) : eta;
    }
}
