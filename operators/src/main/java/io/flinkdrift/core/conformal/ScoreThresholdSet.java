package io.flinkdrift.core.conformal;

import java.util.Arrays;

/**
 * The nested sets C<sub>λ</sub> = {k : s<sub>k</sub> ≥ 1 − λ} over per-class (or per-label) scores
 * s<sub>k</sub> ∈ [0, 1]: the paper's multilabel sets (Farinhas et al., ICLR 2024, §4.1) and, for
 * class probabilities, the threshold ("LAC") sets of Sadinle et al. (2019), chosen over cumulative
 * mass (APS) sets because membership of one class then depends on its own score only. Sets grow
 * with λ: empty-ish for λ ≤ 0, every class for λ ≥ 1. Non-finite scores are never in a set below λ
 * = +∞, so a broken model output yields maximal loss.
 *
 * <p>Losses and set construction share {@link #contains}, so the loss a calibration element gets is
 * exactly the loss of the set a test element is shown.
 */
public final class ScoreThresholdSet {

    private ScoreThresholdSet() {}

    /** Whether a class with {@code score} belongs to C<sub>λ</sub>. */
    public static boolean contains(double score, double lambda) {
        return score >= 1 - lambda;
    }

    /** The indices k of C<sub>λ</sub>, ascending. */
    public static int[] members(double[] scores, double lambda) {
        int[] members = new int[scores.length];
        int count = 0;
        for (int k = 0; k < scores.length; k++) {
            if (contains(scores[k], lambda)) {
                members[count++] = k;
            }
        }
        return Arrays.copyOf(members, count);
    }

    /**
     * The smallest grid index g whose set contains a class with {@code score}, G if none; since sets
     * grow with λ the class is in the set of grid index g exactly for g at or above it. O(log G).
     */
    public static int firstContainingIndex(double score, LambdaGrid grid) {
        int lo = 0;
        int hi = grid.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (contains(score, grid.value(mid))) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
