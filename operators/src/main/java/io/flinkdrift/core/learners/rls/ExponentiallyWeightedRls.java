package io.flinkdrift.core.learners.rls;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

import java.util.Arrays;

/**
 * Exponentially weighted recursive least squares with K outputs sharing one inverse covariance:
 * the numerically stable form (docs/learners.md) of the Lite-RVFL update (Hu, Liu and He, 2025).
 *
 * <p>With forgetting &lambda; and P&#771;<sub>0</sub> = I/reg, each update with features h and
 * targets y is
 *
 * <pre>
 *   k = P&#771;h / (&lambda; + h&#7488;P&#771;h)          (gain; equals the new P&#771; times h)
 *   &beta; &larr; &beta; + k (y &minus; h&#7488;&beta;)&#7488;
 *   P&#771; &larr; (P&#771; &minus; k h&#7488;P&#771;) / &lambda;            (exactly symmetric)
 * </pre>
 *
 * so that after t updates &beta; minimises &Sigma;<sub>i&le;t</sub> &lambda;<sup>t&minus;i</sup>
 * &Vert;y<sub>i</sub> &minus; &beta;&#7488;h<sub>i</sub>&Vert;&sup2; + r<sub>t</sub>&Vert;&beta;&Vert;&sup2;,
 * with P&#771;<sub>t</sub><sup>&minus;1</sup> = &Sigma; &lambda;<sup>t&minus;i</sup>h<sub>i</sub>h<sub>i</sub>&#7488;
 * + r<sub>t</sub>I. Without re-regularisation the ridge decays as r<sub>t</sub> =
 * &lambda;<sup>t</sup>reg, and in directions the data stop exciting P&#771; grows like
 * &lambda;<sup>&minus;t</sup> (covariance wind-up; overflow after about 118k updates at &lambda; =
 * 0.994).
 *
 * <p><b>Re-regularisation.</b> Every N updates the decayed ridge is topped up to reg exactly:
 * P&#771; &larr; (P&#771;<sup>&minus;1</sup> + s I)<sup>&minus;1</sup> with s = (1 &minus;
 * &lambda;<sup>N</sup>) reg, and &beta; is moved to the minimiser of the new objective,
 * &beta; &larr; (I + sP&#771;)<sup>&minus;1</sup>&beta;. Both come from one Cholesky factorisation of
 * the SPD matrix I + sP&#771; (O(D&sup3;), EJML), which needs no inverse of the possibly
 * ill-conditioned P&#771;. The objective stays exact, with r<sub>t</sub> = reg &middot;
 * &lambda;<sup>t mod N</sup>, and the eigenvalues of P&#771; stay below 1/((1 &minus;
 * &lambda;<sup>N</sup>) reg) after each top-up. A trace cap was not chosen because rescaling
 * P&#771; changes the objective to one that no longer has a closed form. With &lambda; = 1 nothing
 * decays and re-regularisation is a no-op, so the model is ordinary ridge-regularised RLS.
 *
 * <p>Updates with non-finite features or targets, or a non-positive innovation variance, are
 * skipped. Not thread-safe.
 */
public final class ExponentiallyWeightedRls {

    private final int dimension;
    private final double forgetting;
    private final double regularization;
    private final int reregularizationPeriod;

    /** P&#771;, row-major D&times;D, exactly symmetric. */
    private final double[] covariance;
    /** &beta;, one length-D column per output. */
    private double[][] weights;
    private long updates;
    private int updatesSinceReregularization;

    private final double[] covarianceTimesFeatures;
    private final double[] gain;

    /**
     * @param dimension D &ge; 1
     * @param outputs K &ge; 0 (more can be added with {@link #ensureOutputs})
     * @param forgetting &lambda; in (0, 1]
     * @param regularization reg &gt; 0
     * @param reregularizationPeriod N &ge; 0, 0 disables re-regularisation
     * @throws IllegalArgumentException if a parameter is outside its range
     */
    public ExponentiallyWeightedRls(int dimension, int outputs, double forgetting, double regularization,
            int reregularizationPeriod) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        if (outputs < 0) {
            throw new IllegalArgumentException("outputs must be >= 0, got " + outputs);
        }
        if (!(forgetting > 0.0 && forgetting <= 1.0)) {
            throw new IllegalArgumentException("forgetting must be in (0, 1], got " + forgetting);
        }
        if (!(regularization > 0.0 && Double.isFinite(regularization))) {
            throw new IllegalArgumentException("regularization must be finite and > 0, got " + regularization);
        }
        if (reregularizationPeriod < 0) {
            throw new IllegalArgumentException(
                    "reregularizationPeriod must be >= 0 (0 disables), got " + reregularizationPeriod);
        }
        this.dimension = dimension;
        this.forgetting = forgetting;
        this.regularization = regularization;
        this.reregularizationPeriod = reregularizationPeriod;
        this.covariance = new double[dimension * dimension];
        for (int i = 0; i < dimension; i++) {
            covariance[i * dimension + i] = 1.0 / regularization;
        }
        this.weights = new double[outputs][dimension];
        this.covarianceTimesFeatures = new double[dimension];
        this.gain = new double[dimension];
    }

    public int dimension() {
        return dimension;
    }

    public int outputs() {
        return weights.length;
    }

    public double forgetting() {
        return forgetting;
    }

    public double regularization() {
        return regularization;
    }

    public int reregularizationPeriod() {
        return reregularizationPeriod;
    }

    /** Number of applied (not skipped) updates. */
    public long updates() {
        return updates;
    }

    /**
     * Grows the output count to {@code outputs} with zero weight columns. This is exact: an output
     * whose past targets were all 0 has weight P&#771;&Sigma;&lambda;<sup>t&minus;i</sup>h<sub>i</sub>
     * &middot; 0 = 0, and the recursion keeps each column independent of the others.
     */
    public void ensureOutputs(int outputs) {
        if (outputs > weights.length) {
            double[][] grown = Arrays.copyOf(weights, outputs);
            for (int k = weights.length; k < outputs; k++) {
                grown[k] = new double[dimension];
            }
            weights = grown;
        }
    }

    /** Writes h&#7488;&beta; (length {@link #outputs()}) into {@code out}. */
    public void predict(double[] features, double[] out) {
        for (int k = 0; k < weights.length; k++) {
            out[k] = dot(weights[k], features);
        }
    }

    /**
     * One RLS step with features h (length D) and targets y (length {@link #outputs()}).
     *
     * @throws IllegalArgumentException if an array has the wrong length
     * @return false if the step was skipped because of non-finite input or a non-positive
     *     innovation variance &lambda; + h&#7488;P&#771;h
     */
    public boolean update(double[] features, double[] targets) {
        requireLength(features, dimension, "features");
        requireLength(targets, weights.length, "targets");
        if (!allFinite(features) || !allFinite(targets)) {
            return false;
        }
        int n = dimension;
        double innovationVariance = forgetting;
        for (int i = 0; i < n; i++) {
            double sum = 0.0;
            int row = i * n;
            for (int j = 0; j < n; j++) {
                sum += covariance[row + j] * features[j];
            }
            covarianceTimesFeatures[i] = sum;
            innovationVariance += features[i] * sum;
        }
        if (!(innovationVariance > 0.0) || Double.isInfinite(innovationVariance)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            gain[i] = covarianceTimesFeatures[i] / innovationVariance;
        }
        for (int k = 0; k < weights.length; k++) {
            double[] column = weights[k];
            double error = targets[k] - dot(column, features);
            for (int i = 0; i < n; i++) {
                column[i] += gain[i] * error;
            }
        }
        // (P h)_i (P h)_j is the same double for (i, j) and (j, i), so updating whole rows in
        // memory order keeps P exactly symmetric without strided writes to its transpose.
        double inverseVariance = 1.0 / innovationVariance;
        double inverseForgetting = 1.0 / forgetting;
        for (int i = 0; i < n; i++) {
            double phI = covarianceTimesFeatures[i];
            int row = i * n;
            for (int j = 0; j < n; j++) {
                covariance[row + j] = (covariance[row + j] - phI * covarianceTimesFeatures[j] * inverseVariance)
                        * inverseForgetting;
            }
        }
        updates++;
        if (reregularizationPeriod > 0 && ++updatesSinceReregularization == reregularizationPeriod) {
            reregularize();
            updatesSinceReregularization = 0;
        }
        return true;
    }

    /**
     * The ridge r<sub>t</sub> of the objective currently minimised: reg &middot;
     * &lambda;<sup>m</sup>, with m the updates since the last re-regularisation (or since the start).
     */
    public double effectiveRidge() {
        long sinceTopUp = reregularizationPeriod > 0 ? updatesSinceReregularization : updates;
        return regularization * Math.pow(forgetting, sinceTopUp);
    }

    /** trace(P&#771;): a health metric, finite and positive for a healthy model. */
    public double covarianceTrace() {
        double trace = 0.0;
        for (int i = 0; i < dimension; i++) {
            trace += covariance[i * dimension + i];
        }
        return trace;
    }

    /** min<sub>i</sub> P&#771;<sub>ii</sub>: a health metric, positive for a healthy model. */
    public double covarianceMinDiagonal() {
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < dimension; i++) {
            min = Math.min(min, covariance[i * dimension + i]);
        }
        return min;
    }

    /** Restores the ridge to reg; see the class comment. */
    private void reregularize() {
        double topUp = (1.0 - Math.pow(forgetting, reregularizationPeriod)) * regularization;
        if (topUp <= 0.0) {
            return;
        }
        int n = dimension;
        int outputs = weights.length;
        DMatrixRMaj system = new DMatrixRMaj(n, n);
        DMatrixRMaj rightHandSides = new DMatrixRMaj(n, n + outputs);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double p = covariance[i * n + j];
                system.unsafe_set(i, j, topUp * p + (i == j ? 1.0 : 0.0));
                rightHandSides.unsafe_set(i, j, p);
            }
            for (int k = 0; k < outputs; k++) {
                rightHandSides.unsafe_set(i, n + k, weights[k][i]);
            }
        }
        LinearSolverDense<DMatrixRMaj> cholesky = LinearSolverFactory_DDRM.symmPosDef(n);
        if (!cholesky.setA(system)) {
            return;
        }
        DMatrixRMaj solution = new DMatrixRMaj(n, n + outputs);
        cholesky.solve(rightHandSides, solution);
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double value = 0.5 * (solution.unsafe_get(i, j) + solution.unsafe_get(j, i));
                covariance[i * n + j] = value;
                covariance[j * n + i] = value;
            }
            for (int k = 0; k < outputs; k++) {
                weights[k][i] = solution.unsafe_get(i, n + k);
            }
        }
    }

    // State access for the codec and package tests.

    double[] covarianceArray() {
        return covariance;
    }

    double[][] weightColumns() {
        return weights;
    }

    int updatesSinceReregularization() {
        return updatesSinceReregularization;
    }

    void restoreCounters(long updates, int updatesSinceReregularization) {
        this.updates = updates;
        this.updatesSinceReregularization = updatesSinceReregularization;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void requireLength(double[] values, int expectedLength, String name) {
        if (values.length != expectedLength) {
            throw new IllegalArgumentException(name + " must have length " + expectedLength + ", got " + values.length);
        }
    }

    private static boolean allFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
