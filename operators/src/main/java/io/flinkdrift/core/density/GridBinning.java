package io.flinkdrift.core.density;

import java.util.Arrays;

/**
 * A regular product grid over the box {@code [lo_1, hi_1) x ... x [lo_d, hi_d)}, with {@code B}
 * equal-width bins per axis and {@code B^d} cells, for {@code d <= 3}. Cell index is row-major:
 * {@code sum_a b_a * B^(d-1-a)} where {@code b_a} is the bin along axis {@code a}.
 *
 * <p>Coordinates outside the box (including infinities) are clamped to the edge bin of their
 * axis, so the edge cells also hold the mass outside the box and their density is only exact for
 * data supported in the box. A NaN coordinate makes a point unbinnable ({@link #binOf} returns -1).
 *
 * <p>A grid with an even B can be {@link #doubled doubled} along an axis: the range doubles away
 * from one corner and the bins merge pairwise, so every cell of the old grid lies in exactly one cell
 * of the new one ({@link #mergedCell}) and counts carry over exactly.
 */
public final class GridBinning implements Binning {

    /** The largest supported dimension. */
    public static final int MAX_DIMENSION = 3;

    /** The largest supported number of cells, {@code B^d}. */
    public static final int MAX_CELLS = 1 << 20;

    private final double[] lo;
    private final double[] hi;
    private final int binsPerAxis;
    private final int numCells;
    private final double cellVolume;

    /**
     * A one-dimensional histogram grid on {@code [lo, hi)}.
     *
     * @see #GridBinning(double[], double[], int)
     */
    public GridBinning(double lo, double hi, int bins) {
        this(new double[] {lo}, new double[] {hi}, bins);
    }

    /**
     * @param lo lower corner of the box, length d in [1, 3], finite
     * @param hi upper corner of the box, same length, finite, {@code hi[a] > lo[a]}
     * @param binsPerAxis B >= 1, with {@code B^d <= 2^20}
     * @throws IllegalArgumentException when an argument is out of range
     */
    public GridBinning(double[] lo, double[] hi, int binsPerAxis) {
        if (lo == null || hi == null || lo.length < 1 || lo.length > MAX_DIMENSION
                || hi.length != lo.length) {
            throw new IllegalArgumentException(
                    "lo and hi must have the same length d in [1, " + MAX_DIMENSION + "]");
        }
        for (int a = 0; a < lo.length; a++) {
            if (!Double.isFinite(lo[a]) || !Double.isFinite(hi[a]) || !(hi[a] > lo[a])) {
                throw new IllegalArgumentException(
                        "need finite lo[" + a + "] < hi[" + a + "], got " + lo[a] + " and " + hi[a]);
            }
        }
        double cells = Math.pow(binsPerAxis, lo.length);
        if (binsPerAxis < 1 || cells > MAX_CELLS) {
            throw new IllegalArgumentException(
                    "binsPerAxis must be >= 1 with binsPerAxis^d <= 2^20, got " + binsPerAxis
                            + " for d = " + lo.length);
        }
        this.lo = lo.clone();
        this.hi = hi.clone();
        this.binsPerAxis = binsPerAxis;
        this.numCells = (int) cells;
        double volume = 1.0;
        for (int a = 0; a < lo.length; a++) {
            volume *= (hi[a] - lo[a]) / binsPerAxis;
        }
        this.cellVolume = volume;
    }

    /** Lower corner of the box (a copy). */
    public double[] lo() {
        return lo.clone();
    }

    /** Upper corner of the box (a copy). */
    public double[] hi() {
        return hi.clone();
    }

    /** B, the number of bins per axis. */
    public int binsPerAxis() {
        return binsPerAxis;
    }

    @Override
    public int numBins() {
        return numCells;
    }

    @Override
    public int dimension() {
        return lo.length;
    }

    @Override
    public int binOf(double[] point) {
        if (point == null || point.length != lo.length) {
            return -1;
        }
        int cell = 0;
        for (int a = 0; a < lo.length; a++) {
            double x = point[a];
            if (Double.isNaN(x)) {
                return -1;
            }
            double position = (x - lo[a]) / (hi[a] - lo[a]) * binsPerAxis;
            int bin = position <= 0 ? 0 : position >= binsPerAxis ? binsPerAxis - 1 : (int) position;
            cell = cell * binsPerAxis + bin;
        }
        return cell;
    }

    /** Whether every coordinate of {@code point} lies in [lo, hi] of its axis (NaN and infinities do not). */
    @Override
    public boolean covers(double[] point) {
        if (point == null || point.length != lo.length) {
            return false;
        }
        for (int a = 0; a < lo.length; a++) {
            if (!(point[a] >= lo[a] && point[a] <= hi[a])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The centre of {@code cell}, for evaluating a density on the grid.
     *
     * @throws IllegalArgumentException when {@code cell} is not in {@code [0, numBins())}
     */
    public double[] cellCenter(int cell) {
        if (cell < 0 || cell >= numCells) {
            throw new IllegalArgumentException("cell must be in [0, " + numCells + "), got " + cell);
        }
        double[] center = new double[lo.length];
        int rest = cell;
        for (int a = lo.length - 1; a >= 0; a--) {
            int bin = rest % binsPerAxis;
            rest /= binsPerAxis;
            center[a] = lo[a] + (bin + 0.5) * (hi[a] - lo[a]) / binsPerAxis;
        }
        return center;
    }

    /** Whether {@link #doubled} applies: B is even. */
    public boolean doubles() {
        return binsPerAxis % 2 == 0;
    }

    /**
     * The grid whose range along {@code axis} is twice as long, extended above {@code hi} ({@code up})
     * or below {@code lo}, with the same B bins per axis (each new bin is two old ones).
     *
     * @return the doubled grid, or null when its range would not be finite
     * @throws IllegalStateException when B is odd
     */
    public GridBinning doubled(int axis, boolean up) {
        if (!doubles()) {
            throw new IllegalStateException("only a grid with an even number of bins per axis doubles, got "
                    + binsPerAxis);
        }
        double width = hi[axis] - lo[axis];
        double[] newLo = lo.clone();
        double[] newHi = hi.clone();
        if (up) {
            newHi[axis] = hi[axis] + width;
        } else {
            newLo[axis] = lo[axis] - width;
        }
        if (!Double.isFinite(newLo[axis]) || !Double.isFinite(newHi[axis])
                || !Double.isFinite(newHi[axis] - newLo[axis])) {
            return null;
        }
        return new GridBinning(newLo, newHi, binsPerAxis);
    }

    /** The cell of {@link #doubled doubled(axis, up)} that holds {@code cell} of this grid. */
    public int mergedCell(int cell, int axis, boolean up) {
        int stride = 1;
        for (int a = lo.length - 1; a > axis; a--) {
            stride *= binsPerAxis;
        }
        int bin = cell / stride % binsPerAxis;
        int merged = up ? bin / 2 : (binsPerAxis + bin) / 2;
        return cell + (merged - bin) * stride;
    }

    @Override
    public double binVolume(int bin) {
        return cellVolume;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof GridBinning)) {
            return false;
        }
        GridBinning grid = (GridBinning) other;
        return binsPerAxis == grid.binsPerAxis && Arrays.equals(lo, grid.lo) && Arrays.equals(hi, grid.hi);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(lo) + Arrays.hashCode(hi)) + binsPerAxis;
    }
}
