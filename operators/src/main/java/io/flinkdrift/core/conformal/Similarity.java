package io.flinkdrift.core.conformal;

import java.io.Serializable;

/**
 * The data-dependent weight w<sub>i</sub> = w(x<sub>i</sub>, x<sub>test</sub>) of a calibration
 * element for a test element, from their feature (or embedding) vectors, in [0, 1]. The paper's QA
 * experiment uses min–max normalised dot products of question embeddings (Farinhas et al., ICLR
 * 2024, §4.3); note that Theorem 1 formally needs weights that do not depend on the test point.
 *
 * <p>Must be deterministic. {@link SimilarityWeightedRiskController} clamps results into [0, 1] and
 * treats NaN as 0.
 */
@FunctionalInterface
public interface Similarity extends Serializable {

    /** The weight of a calibration element (features {@code calibration}) for a test element ({@code test}). */
    double between(double[] calibration, double[] test);

    /**
     * The Gaussian kernel exp(−‖a − b‖² / (2h²)), 1 for identical vectors; vectors of different
     * lengths have similarity 0.
     *
     * @param bandwidth h, finite and &gt; 0
     * @throws IllegalArgumentException if the bandwidth is not finite and positive
     */
    static Similarity gaussian(double bandwidth) {
        if (!(bandwidth > 0) || Double.isInfinite(bandwidth)) {
            throw new IllegalArgumentException("bandwidth must be finite and > 0, got " + bandwidth);
        }
        double scale = -1 / (2 * bandwidth * bandwidth);
        return (a, b) -> {
            if (a.length != b.length) {
                return 0;
            }
            double squaredDistance = 0;
            for (int k = 0; k < a.length; k++) {
                double d = a[k] - b[k];
                squaredDistance += d * d;
            }
            return Math.exp(scale * squaredDistance);
        };
    }
}
