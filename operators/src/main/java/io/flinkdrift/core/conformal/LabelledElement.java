package io.flinkdrift.core.conformal;

/**
 * A labelled element fed back to a {@link RiskController}.
 *
 * @param streamIndex its 0-based index in its key's stream
 * @param timestamp its event time
 * @param features the vector similarity weights compare
 * @param lossCurve L(λ<sub>g</sub>) for g = 0..G−1, from its model output and truth; read, not kept
 *     unless the controller says so
 * @param shownGridIndex the grid index of the λ̂ it was answered with, so that L(λ̂) =
 *     {@code lossCurve[shownGridIndex]} is its realised loss
 * @param calibrates whether the split lets it calibrate: only such elements enter the weighted loss
 *     sums of split conformal risk control; online controllers learn from every labelled element,
 *     whose loss is out-of-sample because the model predicted it before training on it
 */
public record LabelledElement(
        long streamIndex, long timestamp, double[] features, double[] lossCurve, int shownGridIndex,
        boolean calibrates) {

    /** L(λ̂), the loss the element was shown. */
    public double realisedLoss() {
        return lossCurve[shownGridIndex];
    }
}
