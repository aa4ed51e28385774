package io.flinkdrift.core.conformal;

import io.flinkdrift.core.state.StateCodec;

/**
 * Adaptive conformal inference (Gibbs and Candès, "Adaptive conformal inference under distribution
 * shift", NeurIPS 2021) for any monotone loss, over the weighted sums of a {@link
 * DecayWeightedRiskController}: λ̂<sub>t</sub> is the non-exchangeable CRC threshold at a running
 * level α<sub>t</sub> instead of α, and every labelled element moves the level by its realised loss,
 *
 * <pre>
 *   α_{t+1} = α_t + γ (α − L_t(λ̂_t)),   α_1 = α.
 * </pre>
 *
 * <p>Guarantee (Gibbs and Candès, Proposition 4.1, with the miscoverage indicator replaced by a loss
 * in [0, B]): if L(λ<sub>max</sub>) = 0 for every element (the grid reaches every score), then for
 * any sequence, adversarial or not, the mean realised loss of the first T fed-back elements is within
 * (max(α, B − α) + γB)/(γT) of α. The level never leaves [−γB, B + γ·α], since at α<sub>t</sub> ≤ 0
 * the answer is λ<sub>max</sub> (loss 0) and at α<sub>t</sub> ≥ B it is λ<sub>min</sub>. With ρ = 1
 * the underlying threshold is that of split CRC over all calibration elements, the paper's setting.
 *
 * <p>Cost and state as the underlying controller, plus the level and a count. Realised losses come
 * from {@link LabelledElement#realisedLoss()}, i.e. from the λ̂ the element was shown.
 */
public final class AdaptiveRiskController implements RiskController<AdaptiveRiskState> {

    private static final long serialVersionUID = 1L;

    private final DecayWeightedRiskController base;
    private final double stepSize;

    /**
     * @param base the weighted sums and their threshold rule; its target's α is the level aimed at
     * @param stepSize γ, finite and &gt; 0 (the paper uses 0.005 to 0.05)
     * @throws IllegalArgumentException if {@code base} is null or γ is out of range
     */
    public AdaptiveRiskController(DecayWeightedRiskController base, double stepSize) {
        if (base == null) {
            throw new IllegalArgumentException("base must not be null");
        }
        if (!(stepSize > 0) || Double.isInfinite(stepSize)) {
            throw new IllegalArgumentException("step size gamma must be finite and > 0, got " + stepSize);
        }
        this.base = base;
        this.stepSize = stepSize;
    }

    @Override
    public RiskTarget target() {
        return base.target();
    }

    public double stepSize() {
        return stepSize;
    }

    @Override
    public AdaptiveRiskState newState() {
        return new AdaptiveRiskState(base.newState(), base.target().alpha(), 0);
    }

    @Override
    public Class<? extends StateCodec<AdaptiveRiskState>> codecClass() {
        return AdaptiveRiskStateCodec.class;
    }

    @Override
    public LambdaSelection select(AdaptiveRiskState state, long streamIndex, long timestamp, double[] features) {
        return base.select(state.sums, base.position(streamIndex, timestamp), state.level);
    }

    @Override
    public void update(AdaptiveRiskState state, LabelledElement element) {
        base.update(state.sums, element);
        state.level += stepSize * (target().alpha() - element.realisedLoss());
        state.feedbackCount++;
    }

    @Override
    public String toString() {
        return "AdaptiveRiskController{gamma=" + stepSize + ", " + base + '}';
    }
}
