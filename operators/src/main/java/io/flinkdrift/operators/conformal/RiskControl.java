package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.conformal.CalibrationBuffer;
import io.flinkdrift.core.conformal.CalibrationBufferCodec;
import io.flinkdrift.core.conformal.DecayWeightedRiskController;
import io.flinkdrift.core.conformal.DecayingLossSums;
import io.flinkdrift.core.conformal.DecayingLossSumsCodec;
import io.flinkdrift.core.conformal.ExponentialDecay;
import io.flinkdrift.core.conformal.LambdaSelection;
import io.flinkdrift.core.conformal.RiskTarget;
import io.flinkdrift.core.conformal.SimilarityWeightedRiskController;
import io.flinkdrift.core.state.StateCodec;

import java.io.Serializable;

/**
 * One of the core conformal risk controllers, seen the same way by the keyed operator: a per-key
 * state, kept in Flink through its codec, updated with calibration losses and queried for λ̂.
 * {@link #decay} wraps a {@link DecayWeightedRiskController} (arrival-index or event-time weights),
 * {@link #similarity} a {@link SimilarityWeightedRiskController}.
 *
 * @param <S> the per-key state
 */
public interface RiskControl<S> extends Serializable {

    RiskTarget target();

    S newState();

    Class<? extends StateCodec<S>> codecClass();

    /**
     * Absorbs a calibration element.
     *
     * @param streamIndex its 0-based index in the key's stream
     * @param timestamp its event time
     * @param features the vector similarity weights compare
     */
    void update(S state, long streamIndex, long timestamp, double[] features, double[] lossCurve);

    /** λ̂ for a test element; arguments as for {@link #update}. */
    LambdaSelection select(S state, long streamIndex, long timestamp, double[] features);

    /** Exponentially decaying weights by arrival index or event time, as {@code controller}'s decay says. */
    static RiskControl<DecayingLossSums> decay(DecayWeightedRiskController controller) {
        boolean byTime = controller.decay().axis() == ExponentialDecay.Axis.EVENT_TIME;
        return new RiskControl<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public RiskTarget target() {
                return controller.target();
            }

            @Override
            public DecayingLossSums newState() {
                return controller.newState();
            }

            @Override
            public Class<? extends StateCodec<DecayingLossSums>> codecClass() {
                return DecayingLossSumsCodec.class;
            }

            @Override
            public void update(DecayingLossSums state, long streamIndex, long timestamp, double[] features,
                    double[] lossCurve) {
                controller.update(state, byTime ? timestamp : streamIndex, lossCurve);
            }

            @Override
            public LambdaSelection select(DecayingLossSums state, long streamIndex, long timestamp,
                    double[] features) {
                return controller.select(state, byTime ? timestamp : streamIndex);
            }
        };
    }

    /** Similarity weights over the most recent calibration elements. */
    static RiskControl<CalibrationBuffer> similarity(SimilarityWeightedRiskController controller) {
        return new RiskControl<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public RiskTarget target() {
                return controller.target();
            }

            @Override
            public CalibrationBuffer newState() {
                return controller.newState();
            }

            @Override
            public Class<? extends StateCodec<CalibrationBuffer>> codecClass() {
                return CalibrationBufferCodec.class;
            }

            @Override
            public void update(CalibrationBuffer state, long streamIndex, long timestamp, double[] features,
                    double[] lossCurve) {
                controller.update(state, features, lossCurve);
            }

            @Override
            public LambdaSelection select(CalibrationBuffer state, long streamIndex, long timestamp,
                    double[] features) {
                return controller.select(state, features);
            }
        };
    }
}
