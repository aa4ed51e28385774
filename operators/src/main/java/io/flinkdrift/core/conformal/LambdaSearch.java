package io.flinkdrift.core.conformal;

/**
 * The threshold rule shared by every controller: λ̂ = the smallest grid λ with Σ<sub>i</sub>
 * w<sub>i</sub> L<sub>i</sub>(λ) + B ≤ α (N<sub>w</sub> + 1) (Farinhas et al., ICLR 2024, eq. for λ̂
 * in §3), else λ<sub>max</sub>.
 *
 * <p>Binary search is valid because every loss curve is non-increasing in λ and weights are
 * non-negative, so the weighted sums are non-increasing in the grid index; rounding preserves this
 * (each floating-point operation is monotone in its arguments). When every grid value qualifies the
 * answer is the smallest λ, unlike the reference code's argmax, which returns the largest.
 */
final class LambdaSearch {

    private LambdaSearch() {}

    /**
     * @param sums weighted loss sums up to the common factor {@code scale}: Σ w L(λ<sub>g</sub>) =
     *     {@code scale * sums[g]}, non-increasing in g
     * @param weightSum N<sub>w</sub>, already scaled
     */
    static LambdaSelection select(RiskTarget target, double[] sums, double scale, double weightSum) {
        return select(target, target.alpha(), sums, scale, weightSum);
    }

    /** As above at risk level {@code level} instead of the target's α (adaptive controllers move it). */
    static LambdaSelection select(RiskTarget target, double level, double[] sums, double scale, double weightSum) {
        double budget = level * (weightSum + 1) - target.lossBound();
        int lo = 0;
        int hi = sums.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (scale * sums[mid] <= budget) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        LambdaGrid grid = target.grid();
        if (lo == sums.length) {
            return new LambdaSelection(grid.max(), sums.length - 1, weightSum, true);
        }
        return new LambdaSelection(grid.value(lo), lo, weightSum, false);
    }
}
