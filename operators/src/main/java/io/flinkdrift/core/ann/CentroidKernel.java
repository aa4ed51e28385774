package io.flinkdrift.core.ann;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inner loops of {@link CentroidTable} over a table of k centroids held by coordinate
 * ({@code rows[j][c]} is coordinate j of centroid c). Every implementation returns the same floats
 * bit for bit: each value is computed per centroid in the same order of the same IEEE operations
 * (the direct formula Σ_j (x_j − c_j)² as {@link Distances#squaredL2} accumulates it; the decomposed
 * value ‖c‖² − 2⟨x, c⟩ as fused multiply-adds in increasing j), only several centroids and points
 * are computed side by side. So the choice of kernel changes no assignment, code, trained centroid
 * or state, and {@link CentroidTable#assign}'s rounding bound covers every kernel. See docs/ann.md.
 *
 * <p>{@link #DEFAULT} is {@link VectorCentroidKernel} (explicit SIMD through the incubating Vector
 * API) when the JVM was started with {@code --add-modules jdk.incubator.vector}, else
 * {@link ScalarCentroidKernel}; the vector class is loaded only in the first case.
 */
interface CentroidKernel {

    /** The kernel every {@link CentroidTable} uses, chosen once; the choice is logged once. */
    CentroidKernel DEFAULT = select();

    /** out[c] = Σ_j (x[xOffset + j] − rows[j][c])², summed in increasing j, for c in [0, k). */
    void distances(float[][] rows, int k, float[] x, int xOffset, float[] out);

    /**
     * The nearest of the k centroids to x[xOffset ..) by the direct formula, ties to the lower index;
     * {@code scratch} (length ≥ k) is left holding every distance as {@link #distances} computes it.
     */
    int nearest(float[][] rows, int k, float[] x, int xOffset, float[] scratch);

    /**
     * For each of the n points x_i at x[offset + i·stride ..): writes {@link #nearest} of x_i to
     * assignment[assignmentOffset + i] and, when {@code distances} is not null, its distance to
     * distances[assignmentOffset + i].
     *
     * @param scratch at least k floats, overwritten
     */
    default void nearestAll(float[][] rows, int k, float[] x, int offset, int stride, int n, int[] assignment,
            int assignmentOffset, float[] distances, float[] scratch) {
        for (int i = 0; i < n; i++) {
            int best = nearest(rows, k, x, offset + i * stride, scratch);
            assignment[assignmentOffset + i] = best;
            if (distances != null) {
                distances[assignmentOffset + i] = scratch[best];
            }
        }
    }

    /**
     * out[b][c] = fl(‖c‖² − 2⟨x_b, c⟩) for the {@code block} (1 to 4) points x_b at
     * x[offset + b·stride ..): starting from squaredNorms[c], one fused multiply-add
     * fma(−2·x_bj, rows[j][c], ·) per coordinate in increasing j.
     */
    void decomposed(float[][] rows, float[] squaredNorms, int k, float[] x, int offset, int stride, int block,
            float[][] out);

    /**
     * Writes to {@code candidates}, in increasing order, the indices of a superset of the c in [0, k)
     * with values[c] ≤ {@link #margin}(min values, slack), one of them a first minimum, and returns how
     * many there are; when that exceeds {@code candidates.length} only the first ones are written and
     * the caller must scan all k values.
     */
    int candidates(float[] values, int k, double slack, int[] candidates);

    /** The re-ranking margin above {@code smallest}, rounded up to a float so that scans compare floats. */
    static float margin(float smallest, double slack) {
        return Math.nextUp((float) (smallest + slack));
    }

    private static CentroidKernel select() {
        Logger logger = LoggerFactory.getLogger(CentroidKernel.class);
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                CentroidKernel kernel = (CentroidKernel) Class.forName(CentroidKernel.class.getPackageName()
                        + ".VectorCentroidKernel").getDeclaredConstructor().newInstance();
                logger.info("ann centroid kernel: {}", kernel);
                return kernel;
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                logger.warn("ann centroid kernel: the Vector API kernel is"
                        + " unavailable, using the scalar kernel", e);
                return new ScalarCentroidKernel();
            }
        }
        logger.info("ann centroid kernel: scalar (start the JVM with --add-modules"
                + " jdk.incubator.vector for the Vector API kernel)");
        return new ScalarCentroidKernel();
    }
}
