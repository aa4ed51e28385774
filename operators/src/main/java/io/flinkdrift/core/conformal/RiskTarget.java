package io.flinkdrift.core.conformal;

import java.io.Serializable;

/**
 * What conformal risk control guarantees: expected loss at most {@code alpha} for a loss bounded by
 * {@code lossBound} (B), searched over a {@link LambdaGrid} (Farinhas et al., ICLR 2024, §3: λ̂ is the
 * smallest λ with Σ<sub>i</sub> w<sub>i</sub> L<sub>i</sub>(λ) + B ≤ α (N<sub>w</sub> + 1)). Losses
 * are assumed to take values in [0, B] (the paper's A = 0).
 *
 * <p>Immutable and serializable, so it can be part of an operator's configuration.
 */
public final class RiskTarget implements Serializable {

    private static final long serialVersionUID = 1L;

    private final LambdaGrid grid;
    private final double alpha;
    private final double lossBound;

    /**
     * @param grid the λ-grid, not null
     * @param alpha the risk level α, in the open interval (0, lossBound): α &ge; B is met by any set,
     *     α &le; 0 by none
     * @param lossBound B, the upper bound of the loss, finite and &gt; 0 (1 for every built-in loss
     *     except a configured {@link AbsoluteIntervalLoss})
     * @throws IllegalArgumentException if a parameter is outside its range
     */
    public RiskTarget(LambdaGrid grid, double alpha, double lossBound) {
        if (grid == null) {
            throw new IllegalArgumentException("grid must not be null");
        }
        if (!(lossBound > 0) || Double.isInfinite(lossBound)) {
            throw new IllegalArgumentException("lossBound B must be finite and > 0, got " + lossBound);
        }
        if (!(alpha > 0 && alpha < lossBound)) {
            throw new IllegalArgumentException(
                    "alpha must be in (0, lossBound B) = (0, " + lossBound + "), got " + alpha);
        }
        this.grid = grid;
        this.alpha = alpha;
        this.lossBound = lossBound;
    }

    public LambdaGrid grid() {
        return grid;
    }

    /** α, the target expected loss. */
    public double alpha() {
        return alpha;
    }

    /** B, the upper bound of the loss. */
    public double lossBound() {
        return lossBound;
    }

    /**
     * Checks that {@code curve} is a valid loss curve for this target: one value per grid point,
     * each in [0, B], non-increasing in λ. Controllers call this before touching their state, so an
     * invalid curve leaves the state unchanged.
     *
     * @throws IllegalArgumentException naming the first violation
     */
    public void checkLossCurve(double[] curve) {
        if (curve == null || curve.length != grid.size()) {
            throw new IllegalArgumentException("loss curve must have one value per grid point (G = "
                    + grid.size() + "), got " + (curve == null ? "null" : curve.length + " values"));
        }
        // A non-increasing curve lies in [0, B] iff its ends do; NaN fails every comparison. The
        // loop is branch-free because it runs on every labelled element (the hot path).
        boolean valid = curve[0] <= lossBound & curve[curve.length - 1] >= 0;
        for (int g = 1; g < curve.length; g++) {
            valid &= curve[g] <= curve[g - 1];
        }
        if (!valid) {
            throw new IllegalArgumentException(describeViolation(curve));
        }
    }

    private String describeViolation(double[] curve) {
        for (int g = 0; g < curve.length; g++) {
            if (!(curve[g] >= 0 && curve[g] <= lossBound)) {
                return "loss curve value " + g + " is " + curve[g] + ", must be in [0, B = " + lossBound + ']';
            }
        }
        for (int g = 1; g < curve.length; g++) {
            if (curve[g] > curve[g - 1]) {
                return "loss curve must be non-increasing in lambda, but value " + g + " (" + curve[g]
                        + ") > value " + (g - 1) + " (" + curve[g - 1] + ')';
            }
        }
        throw new IllegalStateException("no violation in a curve that failed the check");
    }

    @Override
    public String toString() {
        return "RiskTarget{alpha=" + alpha + ", B=" + lossBound + ", " + grid + '}';
    }
}
