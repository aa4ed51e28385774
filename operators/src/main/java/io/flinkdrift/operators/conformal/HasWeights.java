package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.conformal.DecayWeightedRiskController;
import io.flinkdrift.core.conformal.ExponentialDecay;
import io.flinkdrift.core.conformal.SimilarityWeightedRiskController;
import org.apache.flink.ml.param.DoubleParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.StringParam;
import org.apache.flink.ml.param.WithParams;

import java.util.List;
import java.util.Locale;

/**
 * Interface for the calibration weights of the weighted-sum controllers (Farinhas et al., ICLR 2024):
 * the kind, and ρ and τ of the decaying kinds ({@link ExponentialDecay}, {@link
 * DecayWeightedRiskController}); the similarity kind takes the params of {@link HasSimilarity}
 * ({@link SimilarityWeightedRiskController}).
 *
 * @param <T> the class of the implementing stage
 */
public interface HasWeights<T> extends WithParams<T> {

    /** ρ<sup>n−i</sup> by arrival index per key. */
    String EXPONENTIAL = "exponential";
    /** exp(−Δt/τ) by event time. */
    String TIME = "time";
    /** Unit weights: plain CRC. */
    String UNIT = "unit";
    /** A Gaussian kernel of the model outputs over the most recent calibration elements. */
    String SIMILARITY = "similarity";

    /** The kinds, as {@link #WEIGHTS} takes them (ignoring case). */
    List<String> KINDS = List.of(EXPONENTIAL, TIME, UNIT, SIMILARITY);

    Param<String> WEIGHTS = new StringParam(
            "weights",
            "exponential (rho^(n-i) by arrival index per key), time (exp(-dt/tau) by event time), unit (plain "
                    + "CRC), similarity (Gaussian kernel of the model outputs over the capacity most recent "
                    + "calibration elements).",
            EXPONENTIAL, value -> value != null && KINDS.contains(value.trim().toLowerCase(Locale.ROOT)));

    Param<Double> RHO = new DoubleParam(
            "rho",
            "Decay per element of exponential weights, in (0, 1].",
            0.99, ParamValidators.inRange(0, 1, false, true));

    Param<Double> TAU = new DoubleParam(
            "tau",
            "Time constant of time weights, in event-time milliseconds.",
            3_600_000.0, ParamValidators.gt(0));

    default String getWeights() {
        return get(WEIGHTS);
    }

    default T setWeights(String value) {
        return set(WEIGHTS, value);
    }

    default double getRho() {
        return get(RHO);
    }

    default T setRho(double value) {
        return set(RHO, value);
    }

    default double getTau() {
        return get(TAU);
    }

    default T setTau(double value) {
        return set(TAU, value);
    }

    /** The kind of {@code params}' weights, one of {@link #KINDS}. */
    static String kind(WithParams<?> params) {
        return params.get(WEIGHTS).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The decay of {@code params}' exponential, time or unit weights.
     *
     * @throws IllegalArgumentException for similarity weights, which do not decay
     */
    static ExponentialDecay decay(WithParams<?> params) {
        switch (kind(params)) {
            case EXPONENTIAL:
                return ExponentialDecay.perArrival(params.get(RHO));
            case TIME:
                return ExponentialDecay.perEventTime(params.get(TAU));
            case UNIT:
                return ExponentialDecay.none();
            default:
                throw new IllegalArgumentException("weights " + kind(params) + " do not decay: use exponential, "
                        + "time or unit");
        }
    }
}
