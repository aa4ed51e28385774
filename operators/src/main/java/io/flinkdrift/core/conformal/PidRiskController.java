package io.flinkdrift.core.conformal;

import io.flinkdrift.core.state.StateCodec;

/**
 * Conformal PID control (Angelopoulos, Candès and Tibshirani, "Conformal PID control for time
 * series prediction", NeurIPS 2023) of any monotone loss, without a scorecaster: the threshold itself
 * is the controlled quantity, with a proportional term (quantile tracking) and a saturating
 * integrator on the realised losses,
 *
 * <pre>
 *   q_{t+1} = p_{t+1} + r_t(E_t),   p_{t+1} = p_t + η (L_t(λ̂_t) − α),   E_t = Σ_{i≤t} (L_i(λ̂_i) − α),
 *   r_t(x) = K_I tan(x log(t) / (t C_sat)),   ±∞ once the argument reaches ±π/2,
 * </pre>
 *
 * and λ̂<sub>t</sub> the smallest grid value ≥ q<sub>t</sub> (λ<sub>max</sub> above the grid),
 * p<sub>1</sub> = λ<sub>min</sub>. The paper's miscoverage indicator becomes L<sub>t</sub>: a larger
 * realised loss raises the threshold, and the loss is non-increasing in λ.
 *
 * <p>Guarantee (the paper's Proposition 1 for quantile tracking, K<sub>I</sub> = 0): if
 * L(λ<sub>max</sub>) = 0 for every element, then q stays in [λ<sub>min</sub> − ηα, λ<sub>max</sub> +
 * η(B − α)] and, for any sequence, the mean realised loss of the first T elements fed back is within
 * (λ<sub>max</sub> − λ<sub>min</sub> + ηB)/(ηT) of α. The integrator (Theorem 2 of the paper) keeps
 * long-run risk at α as well while reacting faster to a persistent excess. State: three numbers; O(log
 * G) per query and O(1) per labelled element.
 */
public final class PidRiskController implements RiskController<PidRiskState> {

    private static final long serialVersionUID = 1L;

    private final RiskTarget target;
    private final double stepSize;
    private final double integralGain;
    private final double saturation;

    /**
     * @param target α, B and the λ-grid
     * @param stepSize η &gt; 0, in units of λ (the paper uses 0.1 times the score range)
     * @param integralGain K<sub>I</sub> &ge; 0; 0 is pure quantile tracking
     * @param saturation C<sub>sat</sub> &gt; 0 (unused when K<sub>I</sub> = 0)
     * @throws IllegalArgumentException if a parameter is null, not finite or out of range
     */
    public PidRiskController(RiskTarget target, double stepSize, double integralGain, double saturation) {
        if (target == null) {
            throw new IllegalArgumentException("target must not be null");
        }
        if (!(stepSize > 0) || Double.isInfinite(stepSize)) {
            throw new IllegalArgumentException("step size eta must be finite and > 0, got " + stepSize);
        }
        if (!(integralGain >= 0) || Double.isInfinite(integralGain)) {
            throw new IllegalArgumentException("integral gain K_I must be finite and >= 0, got " + integralGain);
        }
        if (!(saturation > 0) || Double.isInfinite(saturation)) {
            throw new IllegalArgumentException("saturation C_sat must be finite and > 0, got " + saturation);
        }
        this.target = target;
        this.stepSize = stepSize;
        this.integralGain = integralGain;
        this.saturation = saturation;
    }

    @Override
    public RiskTarget target() {
        return target;
    }

    @Override
    public PidRiskState newState() {
        return new PidRiskState(target.grid().value(0), 0, 0);
    }

    @Override
    public Class<? extends StateCodec<PidRiskState>> codecClass() {
        return PidRiskStateCodec.class;
    }

    /** q<sub>t</sub>, the threshold before rounding up to the grid (may be infinite). */
    public double threshold(PidRiskState state) {
        return state.proportional + integrator(state.errorSum, state.feedbackCount);
    }

    private double integrator(double errorSum, long steps) {
        if (integralGain == 0 || steps < 2) {
            return 0;
        }
        double argument = errorSum * Math.log(steps) / (steps * saturation);
        if (Math.abs(argument) >= Math.PI / 2) {
            return Math.copySign(Double.POSITIVE_INFINITY, argument);
        }
        return integralGain * Math.tan(argument);
    }

    @Override
    public LambdaSelection select(PidRiskState state, long streamIndex, long timestamp, double[] features) {
        LambdaGrid grid = target.grid();
        int index = grid.ceilingIndex(threshold(state));
        return new LambdaSelection(grid.value(index), index, state.feedbackCount, false);
    }

    @Override
    public void update(PidRiskState state, LabelledElement element) {
        target.checkLossCurve(element.lossCurve());
        double error = element.realisedLoss() - target.alpha();
        state.proportional += stepSize * error;
        state.errorSum += error;
        state.feedbackCount++;
    }

    @Override
    public String toString() {
        return "PidRiskController{" + target + ", eta=" + stepSize + ", K_I=" + integralGain + ", C_sat="
                + saturation + '}';
    }
}
