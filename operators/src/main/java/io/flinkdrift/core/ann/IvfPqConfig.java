package io.flinkdrift.core.ann;

import java.io.Serializable;

/**
 * Immutable configuration of an {@link IvfPqIndex}; the {@code with*} methods return modified
 * copies and validate their argument ({@link IllegalArgumentException} naming the parameter).
 *
 * <ul>
 *   <li>{@code dimension} d ≥ 1; {@code numLists} K ≥ 2; {@code numSubQuantizers} M ≥ 1 dividing d;
 *   <li>{@code residualEncoding} (Faiss {@code by_residual}), default false: codes quantise x itself,
 *       so centroid moves never invalidate them (Lazy touches only the centroid table, Split only moves
 *       records). With true, codes quantise x − a_k, the residual to the list's <em>anchor</em> a_k;
 *   <li>{@code reanchorThreshold} θ ≥ 0, default {@value #DEFAULT_REANCHOR_THRESHOLD}: with residual
 *       codes, Lazy moves a list's anchor to its new centroid c_k (re-encoding the list from the raw
 *       vectors) only when ‖c_k − a_k‖² &gt; θ·σ_k², σ_k² the list's mean squared distance to c_k;
 *       smaller drifts leave the codes, still exact residuals to a_k, in place. θ = 0 re-encodes every
 *       list whose centroid moved;
 *   <li>{@code maxSegments} S ≥ 1, default 1: with residual codes, how many segments coded against
 *       different anchors a list may hold (docs/ann.md, "Segments"). With S = 1 moving a list's anchor
 *       re-encodes the whole list; with S &gt; 1 only the vectors added since the list's previous move,
 *       which then form a segment of their own, the older segments keeping their codes, exact residuals
 *       to the anchors they were coded against; once a list would hold S + 1 segments its oldest is
 *       re-encoded against the next one's anchor;
 *   <li>{@code splitLists} k, the lists Split breaks up, in [1, K − 1], default max(1, K / 512)
 *       (≈0.2% of K as in DeDrift: 8 at K = 4096);
 *   <li>{@code trainingIterations} Lloyd iterations of every k-means, ≥ 0, default 25;
 *   <li>{@code trainingPointsPerCentroid} subsample cap for k-means, ≥ 1, default 256 (Faiss);
 *   <li>{@code seed} of every random choice, default 42.
 * </ul>
 */
public final class IvfPqConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Default {@code reanchorThreshold}: re-encode a list once its centroid drifted by about σ_k/6. */
    public static final double DEFAULT_REANCHOR_THRESHOLD = 0.03;

    private final int dimension;
    private final int numLists;
    private final int numSubQuantizers;
    private final boolean residualEncoding;
    private final double reanchorThreshold;
    private final int maxSegments;
    private final int splitLists;
    private final int trainingIterations;
    private final int trainingPointsPerCentroid;
    private final long seed;

    /** The defaults above for the given shape. */
    public IvfPqConfig(int dimension, int numLists, int numSubQuantizers) {
        this(dimension, numLists, numSubQuantizers, false, DEFAULT_REANCHOR_THRESHOLD, 1,
                Math.max(1, numLists / 512), KMeans.DEFAULT_MAX_ITERATIONS, 256, 42L);
    }

    private IvfPqConfig(int dimension, int numLists, int numSubQuantizers, boolean residualEncoding,
            double reanchorThreshold, int maxSegments, int splitLists, int trainingIterations, int trainingPointsPerCentroid,
            long seed) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + dimension);
        }
        if (numLists < 2) {
            throw new IllegalArgumentException("numLists must be at least 2, got " + numLists);
        }
        if (numSubQuantizers < 1 || dimension % numSubQuantizers != 0) {
            throw new IllegalArgumentException("numSubQuantizers must be >= 1 and divide dimension "
                    + dimension + ", got " + numSubQuantizers);
        }
        if (!(reanchorThreshold >= 0) || Double.isInfinite(reanchorThreshold)) {
            throw new IllegalArgumentException("reanchorThreshold must be finite and >= 0, got "
                    + reanchorThreshold);
        }
        if (maxSegments < 1) {
            throw new IllegalArgumentException("maxSegments must be at least 1, got " + maxSegments);
        }
        if (splitLists < 1 || splitLists >= numLists) {
            throw new IllegalArgumentException("splitLists must be in [1, " + (numLists - 1) + "], got "
                    + splitLists);
        }
        if (trainingIterations < 0) {
            throw new IllegalArgumentException("trainingIterations must be >= 0, got " + trainingIterations);
        }
        if (trainingPointsPerCentroid < 1) {
            throw new IllegalArgumentException("trainingPointsPerCentroid must be >= 1, got "
                    + trainingPointsPerCentroid);
        }
        this.dimension = dimension;
        this.numLists = numLists;
        this.numSubQuantizers = numSubQuantizers;
        this.residualEncoding = residualEncoding;
        this.reanchorThreshold = reanchorThreshold;
        this.maxSegments = maxSegments;
        this.splitLists = splitLists;
        this.trainingIterations = trainingIterations;
        this.trainingPointsPerCentroid = trainingPointsPerCentroid;
        this.seed = seed;
    }

    public IvfPqConfig withResidualEncoding(boolean value) {
        return new IvfPqConfig(dimension, numLists, numSubQuantizers, value, reanchorThreshold, maxSegments,
                splitLists, trainingIterations, trainingPointsPerCentroid, seed);
    }

    public IvfPqConfig withReanchorThreshold(double value) {
        return new IvfPqConfig(dimension, numLists, numSubQuantizers, residualEncoding, value, maxSegments,
                splitLists, trainingIterations, trainingPointsPerCentroid, seed);
    }

    public IvfPqConfig withMaxSegments(int value) {
        return new IvfPqConfig(dimension, numLists, numSubQuantizers, residualEncoding, reanchorThreshold, value,
                splitLists, trainingIterations, trainingPointsPerCentroid, seed);
    }

    public IvfPqConfig withSplitLists(int value) {
        return new IvfPqConfig(dimension, numLists, numSubQuantizers, residualEncoding, reanchorThreshold,
                maxSegments, value, trainingIterations, trainingPointsPerCentroid, seed);
    }

    public IvfPqConfig withTrainingIterations(int value) {
        return new IvfPqConfig(dimension, numLists, numSubQuantizers, residualEncoding, reanchorThreshold,
                maxSegments, splitLists, value, trainingPointsPerCentroid, seed);
    }

    public IvfPqConfig withTrainingPointsPerCentroid(int value) {
        return new IvfPqConfig(dimension, numLists, numSubQuantizers, residualEncoding, reanchorThreshold,
                maxSegments, splitLists, trainingIterations, value, seed);
    }

    public IvfPqConfig withSeed(long value) {
        return new IvfPqConfig(dimension, numLists, numSubQuantizers, residualEncoding, reanchorThreshold,
                maxSegments, splitLists, trainingIterations, trainingPointsPerCentroid, value);
    }

    public int dimension() {
        return dimension;
    }

    public int numLists() {
        return numLists;
    }

    public int numSubQuantizers() {
        return numSubQuantizers;
    }

    public boolean residualEncoding() {
        return residualEncoding;
    }

    public double reanchorThreshold() {
        return reanchorThreshold;
    }

    public int maxSegments() {
        return maxSegments;
    }

    public int splitLists() {
        return splitLists;
    }

    public int trainingIterations() {
        return trainingIterations;
    }

    public int trainingPointsPerCentroid() {
        return trainingPointsPerCentroid;
    }

    public long seed() {
        return seed;
    }
}
