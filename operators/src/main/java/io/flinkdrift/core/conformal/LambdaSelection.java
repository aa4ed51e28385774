package io.flinkdrift.core.conformal;

/**
 * The answer of a conformal risk controller to one test element.
 *
 * @param lambda λ̂, the selected grid value ({@link LambdaGrid#max()} when infeasible)
 * @param gridIndex the 0-based grid index of {@code lambda}
 * @param weightSum N<sub>w</sub> = Σ<sub>i</sub> w<sub>i</sub>, the effective calibration sample size
 *     the answer rests on (the test element's own weight 1 not included)
 * @param infeasible true when no grid value met Σ w<sub>i</sub> L<sub>i</sub>(λ) + B ≤ α (N<sub>w</sub>
 *     + 1), so λ̂ = λ<sub>max</sub> was returned without the guarantee's premise being met
 */
public record LambdaSelection(double lambda, int gridIndex, double weightSum, boolean infeasible) {}
