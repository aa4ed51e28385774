package io.flinkdrift.core.conformal;

import java.util.List;

/**
 * Reference λ̂ over an explicit calibration buffer, written in the paper's normalised form (Farinhas
 * et al., ICLR 2024, §3; the CRC reference {@code get_lhat} for unit weights): the smallest grid
 * index with (N<sub>w</sub>/(N<sub>w</sub>+1)) R̂<sub>w</sub>(λ) + B/(N<sub>w</sub>+1) ≤ α, found by a
 * linear scan; G when none qualifies.
 */
final class BruteForceCrc {

    private BruteForceCrc() {}

    static int lambdaIndex(List<double[]> curves, double[] weights, double alpha, double bound, int gridSize) {
        double weightSum = 0;
        for (double w : weights) {
            weightSum += w;
        }
        if (weightSum == 0) {
            return gridSize;
        }
        for (int g = 0; g < gridSize; g++) {
            double weightedLoss = 0;
            for (int i = 0; i < curves.size(); i++) {
                weightedLoss += weights[i] * curves.get(i)[g];
            }
            double risk = weightedLoss / weightSum;
            if (weightSum / (weightSum + 1) * risk + bound / (weightSum + 1) <= alpha) {
                return g;
            }
        }
        return gridSize;
    }

    /** A random valid loss curve: the λ-insensitive absolute loss of a random residual, clipped to 1. */
    static double[] randomCurve(java.util.SplittableRandom random, LambdaGrid grid) {
        double residual = Math.abs(random.nextDouble() * random.nextDouble() * 3);
        return new AbsoluteIntervalLoss(1).lossCurve(0.0, residual, grid);
    }
}
