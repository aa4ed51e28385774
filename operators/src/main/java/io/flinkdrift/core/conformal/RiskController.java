package io.flinkdrift.core.conformal;

import io.flinkdrift.core.state.StateCodec;

import java.io.Serializable;

/**
 * A conformal risk controller as a keyed operator sees it: configuration shared by all keys, a
 * per-key state kept in Flink through its codec, λ̂ selected for every element before its truth is
 * known, and the element's loss curve fed back once it is (see {@code docs/conformal.md}).
 *
 * <p>Implementations: {@link DecayWeightedRiskController} (non-exchangeable CRC, fixed ρ or τ),
 * {@link SimilarityWeightedRiskController} (data-dependent weights), {@link AdaptiveRiskController}
 * (adaptive conformal inference over non-exchangeable CRC), {@link PidRiskController} (conformal
 * PID control) and {@link RhoExpertsRiskController} (an online choice of ρ). Each states its
 * guarantee; all hold configuration only, are serializable and thread-compatible (a state must not
 * be shared between threads).
 *
 * @param <S> the per-key state
 */
public interface RiskController<S> extends Serializable {

    /** α, B and the λ-grid. */
    RiskTarget target();

    /** A new, empty per-key state. */
    S newState();

    /**
     * Refuses a split under which every answer would be the trivial λ<sub>max</sub>, e.g. a fixed
     * level α with α (N<sub>w</sub> + 1) ≤ B for every N<sub>w</sub> the split allows. The default
     * accepts every split (controllers whose level or threshold adapts are never stuck).
     *
     * @throws IllegalArgumentException naming the infeasible configuration and how to fix it
     */
    default void checkFeasible(SplitRule split) {}

    /** The explicit, versioned format of the state. */
    Class<? extends StateCodec<S>> codecClass();

    /**
     * λ̂ for a test element; may count the query in the state (e.g. as infeasible).
     *
     * @param streamIndex the element's 0-based index in its key's stream
     * @param timestamp its event time
     * @param features the vector similarity weights compare
     */
    LambdaSelection select(S state, long streamIndex, long timestamp, double[] features);

    /**
     * Feeds back a labelled element, in any order relative to other elements; the state is unchanged
     * when the element's loss curve is invalid ({@link RiskTarget#checkLossCurve}).
     */
    void update(S state, LabelledElement element);
}
