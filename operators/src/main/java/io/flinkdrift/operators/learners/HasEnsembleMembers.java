package io.flinkdrift.operators.learners;

import io.flinkdrift.core.learners.BestMemberEnsemble;
import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.ml.param.DoubleArrayParam;
import org.apache.flink.ml.param.DoubleParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/**
 * Interface for the params of an ensemble that predicts with its member of highest recent accuracy
 * ({@link BestMemberEnsemble}): the forgetting factors of its recursive least squares members and
 * the rate of the accuracies by which it chooses.
 *
 * @param <T> the class of the implementing stage
 */
public interface HasEnsembleMembers<T> extends WithParams<T> {

    /** The default, chosen on Elec2 (6 features) and the sea generator (seed 1); see docs/learners.md. */
    Double[] DEFAULT_FORGETTING_FACTORS = {0.99, 0.999, 0.9995};

    /** The default, chosen on Elec2 (6 features) and the sea generator (seed 1); see docs/learners.md. */
    double DEFAULT_SELECTION_RATE = 0.005;

    Param<Double[]> FORGETTING_FACTORS = new DoubleArrayParam(
            "forgettingFactors",
            "Forgetting factors of the recursive least squares members of the ensemble, one member each, "
                    + "each in (0, 1].",
            DEFAULT_FORGETTING_FACTORS,
            value -> value != null && value.length > 0
                    && Arrays.stream(value).allMatch(f -> Objects.nonNull(f) && f > 0 && f <= 1));

    Param<Double> SELECTION_RATE = new DoubleParam(
            "selectionRate",
            "Weight of the latest example in the exponentially weighted accuracy of each member of the "
                    + "ensemble, by which it predicts with the best one, in (0, 1].",
            DEFAULT_SELECTION_RATE, ParamValidators.inRange(0, 1, false, true));

    default Double[] getForgettingFactors() {
        return get(FORGETTING_FACTORS);
    }

    default T setForgettingFactors(Double... value) {
        return set(FORGETTING_FACTORS, value);
    }

    default double getSelectionRate() {
        return get(SELECTION_RATE);
    }

    default T setSelectionRate(double value) {
        return set(SELECTION_RATE, value);
    }
}
