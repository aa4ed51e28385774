package io.flinkdrift.core.conformal;

import java.util.Arrays;

/**
 * Multilabel false-negative rate |{m ∈ Y : m ∉ C<sub>λ</sub>(x)}| / |Y| for the label sets
 * C<sub>λ</sub> = {m : f<sub>m</sub> ≥ 1 − λ} of {@link ScoreThresholdSet}, defined as 0 when there
 * is no positive label (Farinhas et al., ICLR 2024, §4.1, as in the authors' code); B = 1. The
 * paper's grid is {@code linspace(0, 1, 50)}.
 *
 * <p>Output: per-label scores f<sub>m</sub> ∈ [0, 1]; a label beyond their length scores 0. Truth:
 * one flag per label, true for a positive label. O(M log G + G) per curve.
 */
public final class FalseNegativeRateLoss implements ConformalLoss<double[], boolean[]> {

    private static final long serialVersionUID = 1L;

    @Override
    public double bound() {
        return 1;
    }

    /** @throws IllegalArgumentException if the scores or the labels are null */
    @Override
    public void lossCurve(double[] scores, boolean[] positives, LambdaGrid grid, double[] curve) {
        if (scores == null || positives == null) {
            throw new IllegalArgumentException("scores and positive-label flags must not be null");
        }
        ConformalLoss.checkCurveLength(curve, grid);
        int gridSize = grid.size();
        // firstContained[f]: positive labels first contained at grid index f (G: never); a label is
        // missed at index g exactly when its f > g.
        int[] firstContained = new int[gridSize + 1];
        int positiveCount = 0;
        for (int m = 0; m < positives.length; m++) {
            if (positives[m]) {
                double score = m < scores.length ? scores[m] : 0;
                firstContained[ScoreThresholdSet.firstContainingIndex(score, grid)]++;
                positiveCount++;
            }
        }
        if (positiveCount == 0) {
            Arrays.fill(curve, 0);
            return;
        }
        int missed = 0;
        for (int g = gridSize - 1; g >= 0; g--) {
            missed += firstContained[g + 1];
            curve[g] = (double) missed / positiveCount;
        }
    }

    /** C<sub>λ</sub>(x), the labels whose score is at least 1 − λ, ascending. */
    public int[] predictionSet(double[] scores, double lambda) {
        return ScoreThresholdSet.members(scores, lambda);
    }
}
