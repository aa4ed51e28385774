package io.flinkdrift.core.conformal;

import io.flinkdrift.core.state.StateCodec;

import java.util.Arrays;

/**
 * An online choice of ρ: one non-exchangeable CRC expert per decay ρ<sub>k</sub> of a grid, mixed by
 * exponential weights on their realised threshold losses with fixed share, as FACI (Gibbs and
 * Candès, "Conformal inference for online prediction with arbitrary distribution shifts", JMLR 2024)
 * mixes adaptive-conformal experts over step sizes and SAOCP (Bhatnagar et al., ICML 2023) over
 * windows, and an adaptive level α<sub>t</sub> shared by the experts that makes the long-run risk α.
 *
 * <p>Per element: expert k answers λ<sub>k</sub> = the non-exchangeable CRC threshold of its
 * ρ<sub>k</sub>-weighted sums at level α<sub>t</sub> (Farinhas et al., ICLR 2024); the answer is the
 * smallest grid value ≥ Σ<sub>k</sub> w<sub>k</sub> λ<sub>k</sub>. Once the truth is known, every
 * expert pays the threshold loss
 *
 * <pre>
 *   f(λ) = ∫_{λ_min}^{λ} (α − L(u)) du   (left Riemann sum over the grid),
 * </pre>
 *
 * which is convex in λ (L is non-increasing) and smallest where L crosses α: for the miscoverage
 * loss it is the pinball loss of the threshold, the loss FACI weighs its experts by. Then w<sub>k</sub>
 * ∝ w<sub>k</sub> exp(−η f(λ<sub>k</sub>)), mixed with the uniform weights by σ (fixed share, which
 * tracks the best expert of each stretch of the stream), and α<sub>t+1</sub> = α<sub>t</sub> + γ(α −
 * L(λ̂<sub>t</sub>)) as in {@link AdaptiveRiskController}, whose long-run guarantee this inherits
 * (under its premise L(λ<sub>max</sub>) = 0): the mean realised loss of the first T fed-back elements
 * is within (max(α, B − α) + γB)/(γT) of α. Only calibrating elements enter the experts' sums.
 *
 * <p>Cost: K times the cost of one fixed-ρ controller, plus O(G) per labelled element; state K(G + 1)
 * doubles plus K weights.
 */
public final class RhoExpertsRiskController implements RiskController<RhoExpertsState> {

    private static final long serialVersionUID = 1L;

    private final RiskTarget target;
    private final double[] rhos;
    private final DecayWeightedRiskController[] experts;
    private final double learningRate;
    private final double share;
    private final double stepSize;

    /**
     * @param target α, B and the λ-grid
     * @param rhos the decays ρ<sub>k</sub>, each in (0, 1] and feasible for α (see {@link
     *     DecayWeightedRiskController}), at least one, distinct
     * @param learningRate η &gt; 0 of the exponential weights, per unit of threshold loss
     * @param share σ in [0, 1), the fixed-share mixing with uniform weights
     * @param stepSize γ &ge; 0 of the adaptive level; 0 keeps α<sub>t</sub> = α
     * @throws IllegalArgumentException if a parameter is out of range or a ρ<sub>k</sub> is infeasible
     */
    public RhoExpertsRiskController(
            RiskTarget target, double[] rhos, double learningRate, double share, double stepSize) {
        if (target == null || rhos == null || rhos.length == 0) {
            throw new IllegalArgumentException("target and at least one rho must be given");
        }
        if (Arrays.stream(rhos).distinct().count() != rhos.length) {
            throw new IllegalArgumentException("the rhos must be distinct, got " + Arrays.toString(rhos));
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate eta must be finite and > 0, got " + learningRate);
        }
        if (!(share >= 0 && share < 1)) {
            throw new IllegalArgumentException("share sigma must be in [0, 1), got " + share);
        }
        if (!(stepSize >= 0) || Double.isInfinite(stepSize)) {
            throw new IllegalArgumentException("step size gamma must be finite and >= 0, got " + stepSize);
        }
        this.target = target;
        this.rhos = rhos.clone();
        this.experts = new DecayWeightedRiskController[rhos.length];
        for (int k = 0; k < rhos.length; k++) {
            experts[k] = new DecayWeightedRiskController(target, ExponentialDecay.perArrival(rhos[k]));
        }
        this.learningRate = learningRate;
        this.share = share;
        this.stepSize = stepSize;
    }

    @Override
    public RiskTarget target() {
        return target;
    }

    /** The decays ρ<sub>k</sub>, in the order of the experts. */
    public double[] rhos() {
        return rhos.clone();
    }

    /** Without an adaptive level (γ = 0), refuses a split under which some expert is always trivial. */
    @Override
    public void checkFeasible(SplitRule split) {
        if (stepSize == 0) {
            for (DecayWeightedRiskController expert : experts) {
                expert.checkFeasible(split);
            }
        }
    }

    @Override
    public RhoExpertsState newState() {
        DecayingLossSums[] sums = new DecayingLossSums[experts.length];
        for (int k = 0; k < experts.length; k++) {
            sums[k] = experts[k].newState();
        }
        double[] weights = new double[experts.length];
        Arrays.fill(weights, 1.0 / experts.length);
        return new RhoExpertsState(sums, weights, target.alpha(), 0);
    }

    @Override
    public Class<? extends StateCodec<RhoExpertsState>> codecClass() {
        return RhoExpertsStateCodec.class;
    }

    @Override
    public LambdaSelection select(RhoExpertsState state, long streamIndex, long timestamp, double[] features) {
        checkState(state);
        double mixed = 0;
        double weightSum = 0;
        boolean infeasible = true;
        for (int k = 0; k < experts.length; k++) {
            LambdaSelection expert = experts[k].select(state.sums[k], streamIndex, state.level);
            mixed += state.weights[k] * expert.lambda();
            weightSum += state.weights[k] * expert.weightSum();
            infeasible &= expert.infeasible();
        }
        int index = target.grid().ceilingIndex(mixed);
        return new LambdaSelection(target.grid().value(index), index, weightSum, infeasible);
    }

    @Override
    public void update(RhoExpertsState state, LabelledElement element) {
        checkState(state);
        double[] curve = element.lossCurve();
        target.checkLossCurve(curve);
        double[] thresholdLoss = thresholdLosses(curve);
        double[] weights = state.weights;
        double smallest = Double.POSITIVE_INFINITY;
        double[] exponents = new double[experts.length];
        for (int k = 0; k < experts.length; k++) {
            int shown = experts[k].threshold(state.sums[k], element.streamIndex(), state.level).gridIndex();
            exponents[k] = learningRate * thresholdLoss[shown];
            smallest = Math.min(smallest, exponents[k]);
        }
        double total = 0;
        for (int k = 0; k < experts.length; k++) {
            weights[k] *= Math.exp(smallest - exponents[k]);
            total += weights[k];
        }
        for (int k = 0; k < experts.length; k++) {
            weights[k] = (1 - share) * weights[k] / total + share / experts.length;
            experts[k].update(state.sums[k], element);
        }
        state.level += stepSize * (target.alpha() - element.realisedLoss());
        state.feedbackCount++;
    }

    /** f(λ<sub>g</sub>) for every grid index g, as a left Riemann sum. */
    private double[] thresholdLosses(double[] curve) {
        LambdaGrid grid = target.grid();
        double[] f = new double[curve.length];
        for (int g = 1; g < curve.length; g++) {
            f[g] = f[g - 1] + (target.alpha() - curve[g - 1]) * (grid.value(g) - grid.value(g - 1));
        }
        return f;
    }

    private void checkState(RhoExpertsState state) {
        if (state == null || state.sums.length != experts.length) {
            throw new IllegalArgumentException("state must be made for " + experts.length + " experts, got "
                    + (state == null ? "null" : String.valueOf(state.sums.length)));
        }
    }

    @Override
    public String toString() {
        return "RhoExpertsRiskController{" + target + ", rhos=" + Arrays.toString(rhos) + ", eta=" + learningRate
                + ", sigma=" + share + ", gamma=" + stepSize + '}';
    }
}
