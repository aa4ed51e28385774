package io.flinkdrift.core.conformal;

import io.flinkdrift.core.state.StateCodec;

/**
 * Streaming non-exchangeable conformal risk control with exponentially decaying weights (Farinhas
 * et al., "Non-exchangeable conformal risk control", ICLR 2024, in streaming form; see
 * docs/conformal.md, {@code nex-crc}).
 *
 * <p>For a test element at position n the controller returns λ̂ = the smallest grid λ with
 * Σ<sub>i</sub> w<sub>i</sub> L<sub>i</sub>(λ) + B ≤ α (N<sub>w</sub> + 1), w<sub>i</sub> =
 * {@link ExponentialDecay#weight w(n − p<sub>i</sub>)} over every calibration element i absorbed so
 * far, or λ<sub>max</sub> (flagged and counted as infeasible) when none qualifies. With
 * {@link ExponentialDecay#none()} this is plain CRC (Angelopoulos et al.), E[L] ≤ α under
 * exchangeability; with decay, Theorem 1 bounds the excess by (B − A) Σ w̃<sub>i</sub>
 * d<sub>TV</sub>(Z, Z<sup>i</sup>).
 *
 * <p>Positions are arrival indices or event timestamps, as the decay's {@link ExponentialDecay#axis()
 * axis} says. Calibration elements may arrive late (out of order) and positions may have gaps: the
 * sums are exact for any arrival order. A query at a position earlier than the newest calibration
 * position is answered at that newest position, so that every weight stays within [0, 1].
 *
 * <p>Cost: O(G) per calibration element (one multiply-add pass), O(log G) per query; state {@link
 * DecayingLossSums}, G + 1 doubles. The controller holds configuration only and is shared by all
 * keys; it is serializable and thread-compatible (states must not be shared between threads).
 */
public final class DecayWeightedRiskController implements RiskController<DecayingLossSums> {

    private static final long serialVersionUID = 1L;

    private final RiskTarget target;
    private final ExponentialDecay decay;

    /**
     * @param target α, B and the λ-grid
     * @param decay the weights
     * @throws IllegalArgumentException if a parameter is null, or if every answer would be the
     *     trivial λ<sub>max</sub> even with every element calibrating: N<sub>w</sub> never exceeds
     *     {@link ExponentialDecay#maxWeightSum(int) maxWeightSum(1)} (ρ/(1−ρ) by arrival index), so α (ρ/(1−ρ) + 1) ≤ B
     *     can never be met; {@link #checkFeasible(SplitRule)} checks a sparser split
     */
    public DecayWeightedRiskController(RiskTarget target, ExponentialDecay decay) {
        if (target == null || decay == null) {
            throw new IllegalArgumentException("target and decay must not be null");
        }
        this.target = target;
        this.decay = decay;
        checkFeasible(1);
    }

    @Override
    public RiskTarget target() {
        return target;
    }

    public ExponentialDecay decay() {
        return decay;
    }

    @Override
    public DecayingLossSums newState() {
        return new DecayingLossSums(target.grid().size());
    }

    @Override
    public Class<? extends StateCodec<DecayingLossSums>> codecClass() {
        return DecayingLossSumsCodec.class;
    }

    /**
     * Refuses the split when calibration elements {@link SplitRule#calibrationGap()} apart can never
     * make N<sub>w</sub> large enough: α (ρ<sup>gap</sup>/(1 − ρ<sup>gap</sup>) + 1) ≤ B.
     */
    @Override
    public void checkFeasible(SplitRule split) {
        checkFeasible(split.calibrationGap());
    }

    private void checkFeasible(int gap) {
        double maxWeightSum = decay.maxWeightSum(gap);
        if (target.alpha() * (maxWeightSum + 1) <= target.lossBound()) {
            throw new IllegalArgumentException("infeasible configuration " + target + ", " + decay
                    + " with one calibrating element every " + gap + " positions: the effective sample size"
                    + " N_w never exceeds rho^" + gap + "/(1-rho^" + gap + ") = " + maxWeightSum
                    + ", so alpha*(N_w+1) <= B = " + target.lossBound() + " and every prediction set would be"
                    + " the trivial lambda_max; raise alpha or rho, or calibrate more often");
        }
    }

    /** The element's position on the decay's axis: its stream index or its event time. */
    public long position(long streamIndex, long timestamp) {
        return decay.axis() == ExponentialDecay.Axis.EVENT_TIME ? timestamp : streamIndex;
    }

    @Override
    public LambdaSelection select(DecayingLossSums state, long streamIndex, long timestamp, double[] features) {
        return select(state, position(streamIndex, timestamp));
    }

    /** Absorbs the element's loss curve at its position when it calibrates; ignores it otherwise. */
    @Override
    public void update(DecayingLossSums state, LabelledElement element) {
        if (element.calibrates()) {
            update(state, position(element.streamIndex(), element.timestamp()), element.lossCurve());
        }
    }

    /**
     * Absorbs one calibration element.
     *
     * @param position the element's arrival index or event time (see {@link ExponentialDecay#axis()})
     * @param lossCurve L<sub>i</sub>(λ<sub>g</sub>) for g = 0..G−1, e.g. from {@link
     *     ConformalLoss#lossCurve}; read, not kept
     * @throws IllegalArgumentException if the curve is invalid ({@link RiskTarget#checkLossCurve}) or
     *     the state has another grid size; the state is then unchanged
     */
    public void update(DecayingLossSums state, long position, double[] lossCurve) {
        checkState(state);
        target.checkLossCurve(lossCurve);
        if (state.calibrationCount == 0) {
            state.basePosition = position;
            state.newestPosition = position;
        } else if ((double) position - state.basePosition > decay.rebaseSpan()) {
            rebase(state, position);
        }
        double weight = decay.weight((double) state.basePosition - position);
        double[] sums = state.sums;
        for (int g = 0; g < sums.length; g++) {
            sums[g] += weight * lossCurve[g];
        }
        state.weightSum += weight;
        state.newestPosition = Math.max(state.newestPosition, position);
        state.calibrationCount++;
    }

    /**
     * Selects λ̂ for a test element at {@code position}; counts the query in {@link
     * DecayingLossSums#infeasibleCount()} when it is infeasible (always so while the state is empty).
     *
     * @throws IllegalArgumentException if the state has another grid size
     */
    public LambdaSelection select(DecayingLossSums state, long position) {
        return select(state, position, target.alpha());
    }

    /**
     * As {@link #select(DecayingLossSums, long)}, at risk level {@code level} in place of α (any real
     * number: at most 0 is always infeasible, at least B always gives λ<sub>min</sub>).
     */
    public LambdaSelection select(DecayingLossSums state, long position, double level) {
        LambdaSelection selection = threshold(state, position, level);
        if (selection.infeasible()) {
            state.infeasibleCount++;
        }
        return selection;
    }

    /** The answer {@link #select(DecayingLossSums, long, double)} gives, without counting it. */
    LambdaSelection threshold(DecayingLossSums state, long position, double level) {
        checkState(state);
        double scale = scale(state, position);
        return LambdaSearch.select(target, level, state.sums, scale, scale * state.weightSum);
    }

    /** N<sub>w</sub> as seen by a test element at {@code position}. */
    public double weightSum(DecayingLossSums state, long position) {
        checkState(state);
        return scale(state, position) * state.weightSum;
    }

    /**
     * S<sub>g</sub> = Σ w<sub>i</sub> L<sub>i</sub>(λ<sub>g</sub>) for every g, as seen by a test element
     * at {@code position}; O(G).
     */
    public double[] weightedLossSums(DecayingLossSums state, long position) {
        checkState(state);
        double scale = scale(state, position);
        double[] sums = state.sums.clone();
        for (int g = 0; g < sums.length; g++) {
            sums[g] *= scale;
        }
        return sums;
    }

    private double scale(DecayingLossSums state, long position) {
        if (state.calibrationCount == 0) {
            return 0;
        }
        long effective = Math.max(position, state.newestPosition);
        return decay.weight((double) effective - state.basePosition);
    }

    private void rebase(DecayingLossSums state, long newBase) {
        double factor = decay.weight((double) newBase - state.basePosition);
        double[] sums = state.sums;
        for (int g = 0; g < sums.length; g++) {
            sums[g] *= factor;
        }
        state.weightSum *= factor;
        state.basePosition = newBase;
    }

    private void checkState(DecayingLossSums state) {
        if (state == null || state.sums.length != target.grid().size()) {
            throw new IllegalArgumentException("state must be made for a grid of G = " + target.grid().size()
                    + " values, got " + (state == null ? "null" : "G = " + state.sums.length));
        }
    }

    @Override
    public String toString() {
        return "DecayWeightedRiskController{" + target + ", " + decay + '}';
    }
}
