package io.flinkdrift.core.conformal;

/**
 * Classification miscoverage 1[y ∉ C<sub>λ</sub>(x)] for the threshold sets C<sub>λ</sub> = {k :
 * p<sub>k</sub> ≥ 1 − λ} of {@link ScoreThresholdSet} over class probabilities; B = 1. Controlling
 * it at α gives sets that contain the true class with probability ≥ 1 − α.
 *
 * <p>Output: the class probabilities (as in {@code Prediction.probabilities}); a class beyond their
 * length, unknown to the model when it predicted, has probability 0. Truth: the class index &ge; 0.
 */
public final class SetMiscoverageLoss implements ConformalLoss<double[], Integer> {

    private static final long serialVersionUID = 1L;

    @Override
    public double bound() {
        return 1;
    }

    /** @throws IllegalArgumentException if the probabilities or the class are null or the class is negative */
    @Override
    public void lossCurve(double[] probabilities, Integer trueClass, LambdaGrid grid, double[] curve) {
        if (probabilities == null || trueClass == null || trueClass < 0) {
            throw new IllegalArgumentException("need probabilities and a class index >= 0, got "
                    + (probabilities == null ? "null probabilities" : "class " + trueClass));
        }
        ConformalLoss.checkCurveLength(curve, grid);
        double probability = trueClass < probabilities.length ? probabilities[trueClass] : 0;
        int covered = ScoreThresholdSet.firstContainingIndex(probability, grid);
        for (int g = 0; g < curve.length; g++) {
            curve[g] = g < covered ? 1 : 0;
        }
    }

    /** C<sub>λ</sub>(x), the class indices whose probability is at least 1 − λ, ascending. */
    public int[] predictionSet(double[] probabilities, double lambda) {
        return ScoreThresholdSet.members(probabilities, lambda);
    }
}
