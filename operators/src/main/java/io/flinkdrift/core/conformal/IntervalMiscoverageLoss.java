package io.flinkdrift.core.conformal;

/**
 * Regression miscoverage 1[y ∉ [ŷ − λ, ŷ + λ]] of the symmetric interval around a point prediction,
 * B = 1; controlling it at α gives intervals that contain y with probability ≥ 1 − α. Membership is
 * decided as |y − ŷ| ≤ λ (shared with {@link AbsoluteIntervalLoss}). A non-finite prediction is never
 * covered, so it yields maximal loss.
 */
public final class IntervalMiscoverageLoss implements ConformalLoss<Double, Double> {

    private static final long serialVersionUID = 1L;

    @Override
    public double bound() {
        return 1;
    }

    /** @throws IllegalArgumentException if the truth is null or NaN (an unlabelled element) */
    @Override
    public void lossCurve(Double prediction, Double truth, LambdaGrid grid, double[] curve) {
        double distance = AbsoluteIntervalLoss.distanceToPrediction(prediction, truth);
        ConformalLoss.checkCurveLength(curve, grid);
        for (int g = 0; g < curve.length; g++) {
            curve[g] = distance <= grid.value(g) ? 0 : 1;
        }
    }
}
