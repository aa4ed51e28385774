package io.flinkdrift.core.conformal;

import java.io.Serializable;

/**
 * The loss L(λ) = ℓ(C<sub>λ</sub>(x), y) of nested prediction sets C<sub>λ</sub> that grow with λ
 * (Farinhas et al., ICLR 2024, §3). A calibration element's loss is needed on every grid value, so
 * it is computed once, as a curve, from the model output and the truth.
 *
 * <p>Contract for implementations: every curve value lies in [0, {@link #bound()}] and the curve is
 * non-increasing in the grid index; controllers check this ({@link RiskTarget#checkLossCurve}) and
 * reject a curve that breaks it. Implementations must be deterministic.
 *
 * @param <O> the model output (a point prediction, class probabilities, label scores...)
 * @param <Y> the truth
 */
public interface ConformalLoss<O, Y> extends Serializable {

    /** B, the loss's upper bound. */
    double bound();

    /**
     * Writes L(λ<sub>g</sub>) for every grid index g into {@code curve}.
     *
     * @param curve output, of length {@code grid.size()}
     * @throws IllegalArgumentException if the truth is invalid (the implementation says which) or
     *     the curve has the wrong length
     */
    void lossCurve(O output, Y truth, LambdaGrid grid, double[] curve);

    /** The loss curve in a new array. */
    default double[] lossCurve(O output, Y truth, LambdaGrid grid) {
        double[] curve = new double[grid.size()];
        lossCurve(output, truth, grid, curve);
        return curve;
    }

    /** Throws unless {@code curve} has one slot per grid value. */
    static void checkCurveLength(double[] curve, LambdaGrid grid) {
        if (curve == null || curve.length != grid.size()) {
            throw new IllegalArgumentException("curve must have length G = " + grid.size() + ", got "
                    + (curve == null ? "null" : String.valueOf(curve.length)));
        }
    }
}
