package io.flinkdrift.jobs.density;

import io.flinkdrift.core.density.GridBinning;
import io.flinkdrift.generators.DriftingGaussianMixtureGenerator;

import java.io.Serializable;

/**
 * Ground truth for density estimates on a grid: the probability of every cell of a {@link GridBinning}
 * under the {@link DriftingGaussianMixtureGenerator} distribution of a given record, and the total
 * variation distance of an estimate from it.
 *
 * <p>Cell masses are integrated with the composite midpoint rule, {@code m} sub-cells per axis of
 * width {@code h = w / m} (w the cell width). For a density f the L1 error of the midpoint rule over
 * the grid is at most {@code (h^2 / 24) sum_a int |d^2 f / dx_a^2|}; for a mixture of isotropic
 * Gaussians with standard deviation sigma, {@code int |d^2 f / dx_a^2| <= E|z^2 - 1| / sigma^2 =
 * 4 phi(1) / sigma^2 <= 0.968 / sigma^2}, so the TV error of the reference is at most
 * {@link #totalVariationErrorBound()} {@code = d h^2 0.968 / (48 sigma^2)}, plus the true mass
 * outside the grid box (which the clamping grid puts in its edge cells but the integral omits;
 * {@code 1 - sum of the cell masses} measures it).
 */
public final class MixtureCellMasses implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Default midpoint sub-cells per axis and cell. */
    public static final int DEFAULT_SUBDIVISIONS = 8;

    /** {@code E|z^2 - 1| = 4 phi(1)} for a standard normal z, rounded up. */
    private static final double SECOND_DERIVATIVE_L1 = 0.968;

    private final DriftingGaussianMixtureGenerator generator;
    private final double[] lo;
    private final double[] hi;
    private final int bins;
    private final int subdivisions;

    /**
     * @param generator the mixture whose records are estimated
     * @param grid the estimate's grid, of the generator's dimension
     * @param subdivisions m >= 1 midpoint sub-cells per axis and cell
     * @throws IllegalArgumentException when the dimensions differ or {@code subdivisions < 1}
     */
    public MixtureCellMasses(DriftingGaussianMixtureGenerator generator, GridBinning grid, int subdivisions) {
        if (generator.dimension() != grid.dimension()) {
            throw new IllegalArgumentException("the grid has " + grid.dimension()
                    + " dimensions but the mixture generates " + generator.dimension());
        }
        if (subdivisions < 1) {
            throw new IllegalArgumentException("subdivisions must be >= 1, got " + subdivisions);
        }
        this.generator = generator;
        this.lo = grid.lo();
        this.hi = grid.hi();
        this.bins = grid.binsPerAxis();
        this.subdivisions = subdivisions;
    }

    /** The grid the masses are computed on. */
    public GridBinning grid() {
        return new GridBinning(lo, hi, bins);
    }

    /** The probability of every grid cell (row-major) under the distribution of record {@code index}. */
    public double[] cellMasses(long index) {
        int d = lo.length;
        int cells = (int) Math.round(Math.pow(bins, d));
        int points = (int) Math.round(Math.pow(subdivisions, d));
        double[] step = new double[d];
        double subVolume = 1.0;
        for (int a = 0; a < d; a++) {
            step[a] = (hi[a] - lo[a]) / bins / subdivisions;
            subVolume *= step[a];
        }
        double[] masses = new double[cells];
        double[] x = new double[d];
        for (int cell = 0; cell < cells; cell++) {
            double mass = 0.0;
            for (int point = 0; point < points; point++) {
                int cellRest = cell;
                int pointRest = point;
                for (int a = d - 1; a >= 0; a--) {
                    int bin = cellRest % bins;
                    int sub = pointRest % subdivisions;
                    cellRest /= bins;
                    pointRest /= subdivisions;
                    x[a] = lo[a] + (bin * subdivisions + sub + 0.5) * step[a];
                }
                mass += generator.density(x, index);
            }
            masses[cell] = mass * subVolume;
        }
        return masses;
    }

    /** The bound of the class comment on the TV error of {@link #cellMasses} (mass outside the box excluded). */
    public double totalVariationErrorBound() {
        double sumSquaredSteps = 0.0;
        for (int a = 0; a < lo.length; a++) {
            double h = (hi[a] - lo[a]) / bins / subdivisions;
            sumSquaredSteps += h * h;
        }
        double sigma = generator.sigma();
        return sumSquaredSteps * SECOND_DERIVATIVE_L1 / (48 * sigma * sigma);
    }

    /** {@code (1/2) sum_c |estimate_c - truth_c|}; both arrays hold cell probabilities. */
    public static double totalVariation(double[] estimate, double[] truth) {
        if (estimate.length != truth.length) {
            throw new IllegalArgumentException("estimate has " + estimate.length + " cells, truth " + truth.length);
        }
        double l1 = 0.0;
        for (int c = 0; c < truth.length; c++) {
            l1 += Math.abs(estimate[c] - truth[c]);
        }
        return 0.5 * l1;
    }
}
