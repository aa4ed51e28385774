package io.flinkdrift.core.conformal;

/**
 * The λ-insensitive absolute loss of the regression interval [ŷ − λ, ŷ + λ]: the distance from y to
 * the interval, max(0, |y − ŷ| − λ), clipped to B (Farinhas et al., ICLR 2024, §4.2, ELEC2, B = 1
 * because the target lies in [0, 1]). The guarantee is about the clipped loss. A non-finite
 * prediction yields the maximal loss B.
 */
public final class AbsoluteIntervalLoss implements ConformalLoss<Double, Double> {

    private static final long serialVersionUID = 1L;

    private final double bound;

    /**
     * @param bound B, the clipping bound, finite and &gt; 0 (1 in the paper)
     * @throws IllegalArgumentException if B is not finite and positive
     */
    public AbsoluteIntervalLoss(double bound) {
        if (!(bound > 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("bound B must be finite and > 0, got " + bound);
        }
        this.bound = bound;
    }

    @Override
    public double bound() {
        return bound;
    }

    /** @throws IllegalArgumentException if the truth is null or NaN (an unlabelled element) */
    @Override
    public void lossCurve(Double prediction, Double truth, LambdaGrid grid, double[] curve) {
        double distance = distanceToPrediction(prediction, truth);
        ConformalLoss.checkCurveLength(curve, grid);
        for (int g = 0; g < curve.length; g++) {
            double excess = distance - grid.value(g);
            // NaN distance (non-finite prediction) fails both comparisons and gets the bound.
            curve[g] = excess <= 0 ? 0 : excess < bound ? excess : bound;
        }
    }

    /** |y − ŷ|, NaN for a null or NaN prediction; the truth must be a number. */
    static double distanceToPrediction(Double prediction, Double truth) {
        if (truth == null || Double.isNaN(truth)) {
            throw new IllegalArgumentException("truth must be a number, got " + truth);
        }
        return prediction == null ? Double.NaN : Math.abs(truth - prediction);
    }
}
