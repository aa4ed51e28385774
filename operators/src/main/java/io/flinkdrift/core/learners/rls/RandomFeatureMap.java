package io.flinkdrift.core.learners.rls;

import java.util.SplittableRandom;

/**
 * The Lite-RVFL feature expansion (Hu, Liu and He, 2025): h(z) = [z, g(zW<sub>1</sub> +
 * b<sub>1</sub>), &hellip;, g(zW<sub>Ne</sub> + b<sub>Ne</sub>)] (then 1 if the bias feature is on),
 * with g the logistic sigmoid, W<sub>j</sub> &isin; [&minus;1, 1]<sup>d&times;N2</sup> and scalar
 * b<sub>j</sub> &isin; [&minus;1, 1].
 *
 * <p>The columns of each W<sub>j</sub> are orthonormalised by modified Gram&ndash;Schmidt when
 * N<sub>2</sub> &le; d. When N<sub>2</sub> &gt; d at most d columns can be orthonormal, so the
 * columns are left as drawn (the authors' code silently produces degenerate columns then).
 *
 * <p>The weights are a pure function of (d, N<sub>e</sub>, N<sub>2</sub>, seed), drawn with
 * {@link SplittableRandom}, whose output sequence is specified by the JDK; they are regenerated on
 * restore rather than stored in state. Immutable and thread-safe.
 */
public final class RandomFeatureMap {

    private final int inputDimension;
    private final int nodesPerGroup;
    private final int enhancementNodes;
    private final boolean bias;
    /** Row-major d&times;(Ne&middot;N2): column j&middot;N2 + c is column c of W<sub>j</sub>. */
    private final double[] weights;
    /** One bias per node (b<sub>j</sub> repeated over the group), for a branch-free inner loop. */
    private final double[] nodeBiases;

    public RandomFeatureMap(RlsConfig config) {
        this.inputDimension = config.inputDimension();
        this.nodesPerGroup = config.nodesPerGroup();
        this.enhancementNodes = config.enhancementNodes();
        this.bias = config.bias();
        this.weights = new double[inputDimension * enhancementNodes];
        this.nodeBiases = new double[enhancementNodes];
        SplittableRandom random = new SplittableRandom(config.seed());
        for (int group = 0; group < config.enhancementGroups(); group++) {
            int firstColumn = group * nodesPerGroup;
            for (int i = 0; i < inputDimension; i++) {
                for (int c = 0; c < nodesPerGroup; c++) {
                    weights[i * enhancementNodes + firstColumn + c] = random.nextDouble(-1.0, 1.0);
                }
            }
            double groupBias = random.nextDouble(-1.0, 1.0);
            for (int c = 0; c < nodesPerGroup; c++) {
                nodeBiases[firstColumn + c] = groupBias;
            }
            if (nodesPerGroup <= inputDimension) {
                orthonormalizeColumns(firstColumn);
            }
        }
    }

    /** Length of the inputs z. */
    public int inputDimension() {
        return inputDimension;
    }

    /** Length of h(z): d + N<sub>e</sub>&middot;N<sub>2</sub> (+1 with bias). */
    public int outputDimension() {
        return inputDimension + enhancementNodes + (bias ? 1 : 0);
    }

    /**
     * Writes h(z) into {@code out}.
     *
     * @throws IllegalArgumentException unless z has length d and out length {@link #outputDimension()}
     */
    public void map(double[] z, double[] out) {
        if (z.length != inputDimension || out.length != outputDimension()) {
            throw new IllegalArgumentException("expected z of length " + inputDimension + " and out of length "
                    + outputDimension() + ", got " + z.length + " and " + out.length);
        }
        System.arraycopy(z, 0, out, 0, inputDimension);
        if (enhancementNodes > 0) {
            System.arraycopy(nodeBiases, 0, out, inputDimension, enhancementNodes);
            for (int i = 0; i < inputDimension; i++) {
                double zi = z[i];
                int row = i * enhancementNodes;
                for (int node = 0; node < enhancementNodes; node++) {
                    out[inputDimension + node] += zi * weights[row + node];
                }
            }
            for (int node = inputDimension; node < inputDimension + enhancementNodes; node++) {
                out[node] = 1.0 / (1.0 + Math.exp(-out[node]));
            }
        }
        if (bias) {
            out[inputDimension + enhancementNodes] = 1.0;
        }
    }

    /** Entry (i, c) of W<sub>group</sub>, for tests. */
    double weight(int group, int i, int c) {
        return weights[i * enhancementNodes + group * nodesPerGroup + c];
    }

    private void orthonormalizeColumns(int firstColumn) {
        for (int c = firstColumn; c < firstColumn + nodesPerGroup; c++) {
            for (int previous = firstColumn; previous < c; previous++) {
                double projection = 0.0;
                for (int i = 0; i < inputDimension; i++) {
                    projection += weights[i * enhancementNodes + c] * weights[i * enhancementNodes + previous];
                }
                for (int i = 0; i < inputDimension; i++) {
                    weights[i * enhancementNodes + c] -= projection * weights[i * enhancementNodes + previous];
                }
            }
            double norm = 0.0;
            for (int i = 0; i < inputDimension; i++) {
                norm += weights[i * enhancementNodes + c] * weights[i * enhancementNodes + c];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < inputDimension; i++) {
                weights[i * enhancementNodes + c] /= norm;
            }
        }
    }
}
