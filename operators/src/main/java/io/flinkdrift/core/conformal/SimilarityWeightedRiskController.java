package io.flinkdrift.core.conformal;

import io.flinkdrift.core.state.StateCodec;

/**
 * Non-exchangeable conformal risk control with data-dependent weights w<sub>i</sub> =
 * {@link Similarity#between sim(x<sub>i</sub>, x<sub>test</sub>)} over a bounded buffer of the
 * n<sub>max</sub> most recent calibration elements (Farinhas et al., ICLR 2024, §4.3, QA experiment;
 * docs/conformal.md, {@code nex-crc} with similarity weights). λ̂ follows the same rule as {@link DecayWeightedRiskController}:
 * the smallest grid λ with Σ w<sub>i</sub> L<sub>i</sub>(λ) + B ≤ α (N<sub>w</sub> + 1), else
 * λ<sub>max</sub>, flagged and counted as infeasible. Elements older than the n<sub>max</sub> most
 * recent have weight 0. The paper uses n<sub>max</sub> = 2500.
 *
 * <p>Cost: O(1) per calibration element (plus copying its d + G values), O(n<sub>max</sub>·(d + G))
 * per query. The controller holds configuration only; serializable and thread-compatible.
 */
public final class SimilarityWeightedRiskController implements RiskController<CalibrationBuffer> {

    private static final long serialVersionUID = 1L;

    private final RiskTarget target;
    private final int capacity;
    private final Similarity similarity;

    /**
     * @param target α, B and the λ-grid
     * @param capacity n<sub>max</sub>, the most calibration elements kept, &ge; 1
     * @param similarity the weight function, values in [0, 1]
     * @throws IllegalArgumentException if a parameter is null, {@code capacity < 1}, or α
     *     (n<sub>max</sub> + 1) ≤ B, when even unit weights on a full buffer could never qualify
     */
    public SimilarityWeightedRiskController(RiskTarget target, int capacity, Similarity similarity) {
        if (target == null || similarity == null) {
            throw new IllegalArgumentException("target and similarity must not be null");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        if (target.alpha() * (capacity + 1) <= target.lossBound()) {
            throw new IllegalArgumentException("infeasible configuration " + target + ", capacity "
                    + capacity + ": N_w <= capacity, so alpha*(N_w+1) <= B and every prediction set would"
                    + " be the trivial lambda_max; capacity must exceed B/alpha - 1 = "
                    + (target.lossBound() / target.alpha() - 1));
        }
        this.target = target;
        this.capacity = capacity;
        this.similarity = similarity;
    }

    @Override
    public RiskTarget target() {
        return target;
    }

    public int capacity() {
        return capacity;
    }

    @Override
    public CalibrationBuffer newState() {
        return new CalibrationBuffer(capacity, target.grid().size());
    }

    @Override
    public Class<? extends StateCodec<CalibrationBuffer>> codecClass() {
        return CalibrationBufferCodec.class;
    }

    @Override
    public LambdaSelection select(CalibrationBuffer state, long streamIndex, long timestamp, double[] features) {
        return select(state, features);
    }

    /** Absorbs the element's features and loss curve when it calibrates; ignores it otherwise. */
    @Override
    public void update(CalibrationBuffer state, LabelledElement element) {
        if (element.calibrates()) {
            update(state, element.features(), element.lossCurve());
        }
    }

    /**
     * Absorbs one calibration element, evicting the oldest when the buffer is full.
     *
     * @param features the element's feature or embedding vector, not null (copied)
     * @param lossCurve L<sub>i</sub>(λ<sub>g</sub>) for g = 0..G−1 (copied)
     * @throws IllegalArgumentException if the features are null, the curve is invalid ({@link
     *     RiskTarget#checkLossCurve}) or the buffer does not match this controller; the buffer is then
     *     unchanged
     */
    public void update(CalibrationBuffer buffer, double[] features, double[] lossCurve) {
        checkState(buffer);
        if (features == null) {
            throw new IllegalArgumentException("features must not be null");
        }
        target.checkLossCurve(lossCurve);
        buffer.features[buffer.next] = features.clone();
        buffer.lossCurves[buffer.next] = lossCurve.clone();
        buffer.next = (buffer.next + 1) % capacity;
        buffer.size = Math.min(buffer.size + 1, capacity);
        buffer.calibrationCount++;
    }

    /**
     * Selects λ̂ for a test element with {@code features}; counts the query in {@link
     * CalibrationBuffer#infeasibleCount()} when it is infeasible.
     *
     * @throws IllegalArgumentException if the features are null or the buffer does not match
     */
    public LambdaSelection select(CalibrationBuffer buffer, double[] features) {
        checkState(buffer);
        if (features == null) {
            throw new IllegalArgumentException("features must not be null");
        }
        double[] sums = new double[buffer.gridSize];
        double weightSum = 0;
        for (int slot = 0; slot < buffer.size; slot++) {
            double weight = clampWeight(similarity.between(buffer.features[slot], features));
            if (weight == 0) {
                continue;
            }
            double[] curve = buffer.lossCurves[slot];
            for (int g = 0; g < sums.length; g++) {
                sums[g] += weight * curve[g];
            }
            weightSum += weight;
        }
        LambdaSelection selection = LambdaSearch.select(target, sums, 1, weightSum);
        if (selection.infeasible()) {
            buffer.infeasibleCount++;
        }
        return selection;
    }

    private static double clampWeight(double weight) {
        return weight > 0 ? Math.min(weight, 1) : 0;
    }

    private void checkState(CalibrationBuffer buffer) {
        if (buffer == null || buffer.capacity() != capacity || buffer.gridSize != target.grid().size()) {
            throw new IllegalArgumentException("buffer must be made for capacity " + capacity + " and G = "
                    + target.grid().size() + ", got " + buffer);
        }
    }

    @Override
    public String toString() {
        return "SimilarityWeightedRiskController{" + target + ", capacity=" + capacity + '}';
    }
}
