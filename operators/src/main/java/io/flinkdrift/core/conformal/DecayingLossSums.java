package io.flinkdrift.core.conformal;

import java.util.Arrays;

/**
 * The per-key state of a {@link DecayWeightedRiskController}: the weighted loss sums S<sub>g</sub> =
 * Σ<sub>i</sub> w<sub>i</sub> L<sub>i</sub>(λ<sub>g</sub>) and N<sub>w</sub> = Σ<sub>i</sub>
 * w<sub>i</sub> of non-exchangeable conformal risk control (docs/conformal.md), G + 1 doubles plus four longs, whatever the stream length.
 *
 * <p>The sums are stored relative to a base position b: {@code sums[g]} = Σ<sub>i</sub>
 * w(b − p<sub>i</sub>) L<sub>i</sub>(λ<sub>g</sub>), so at a test position n the true sums are
 * w(n − b) · {@code sums[g]} (the "lazily applied scale factor"). A labelled element then costs one
 * multiply-add pass over G, on time or late, and b moves forward only when weight ratios would
 * exceed 2^256. Mutated only by its controller; written by {@link DecayingLossSumsCodec}.
 */
public final class DecayingLossSums {

    final double[] sums;
    double weightSum;
    long basePosition;
    long newestPosition;
    long calibrationCount;
    long infeasibleCount;

    /** An empty state for a grid of {@code gridSize} values. */
    public DecayingLossSums(int gridSize) {
        this(new double[gridSize], 0, 0, 0, 0, 0);
    }

    DecayingLossSums(double[] sums, double weightSum, long basePosition, long newestPosition,
            long calibrationCount, long infeasibleCount) {
        this.sums = sums;
        this.weightSum = weightSum;
        this.basePosition = basePosition;
        this.newestPosition = newestPosition;
        this.calibrationCount = calibrationCount;
        this.infeasibleCount = infeasibleCount;
    }

    /** G, the grid size the state was made for. */
    public int gridSize() {
        return sums.length;
    }

    /** Number of calibration (labelled) elements absorbed so far. */
    public long calibrationCount() {
        return calibrationCount;
    }

    /** Number of queries answered with λ<sub>max</sub> because no grid value qualified. */
    public long infeasibleCount() {
        return infeasibleCount;
    }

    /** The largest position of any calibration element so far (meaningless while empty). */
    public long newestPosition() {
        return newestPosition;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DecayingLossSums)) {
            return false;
        }
        DecayingLossSums that = (DecayingLossSums) o;
        return Arrays.equals(sums, that.sums)
                && Double.compare(weightSum, that.weightSum) == 0
                && basePosition == that.basePosition
                && newestPosition == that.newestPosition
                && calibrationCount == that.calibrationCount
                && infeasibleCount == that.infeasibleCount;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(sums) + Long.hashCode(calibrationCount);
    }

    @Override
    public String toString() {
        return "DecayingLossSums{G=" + sums.length + ", calibrated=" + calibrationCount
                + ", infeasible=" + infeasibleCount + ", newest=" + newestPosition + '}';
    }
}
