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
 *       records). With true, every centroid move re-encodes the list's vectors from the raw vectors;
 *   <li>{@code splitLists} k, the lists Split breaks up, in [1, K − 1], default max(1, K / 512)
 *       (≈0.2% of K as in DeDrift: 8 at K = 4096);
 *   <li>{@code trainingIterations} Lloyd iterations of every k-means, ≥ 0, default 25;
 *   <li>{@code trainingPointsPerCentroid} subsample cap for k-means, ≥ 1, default 256 (Faiss);
 *   <li>{@code seed} of every random choice, default 42.
 * </ul>
 */
public final class IvfPqConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int dimension;
    private final int numLists;
    private final int numSubQuantizers;
    private final boolean residualEncoding;
    private final int splitLists;
    private final int trainingIterations;
    private final int trainingPointsPerCentroid;
    private final long seed;

    /** The defaults above for the given shape. */
    public IvfPqConfig(int dimension, int numLists, int numSubQuantizers) {
        this(dimension, numLists, numSubQuantizers, false, Math.max(1, numLists / 512),
                KMeans.DEFAULT_MAX_ITERATIONS, 256, 42L);
    }

    private IvfPqConfig(int dimension, int numLists, int numSubQuantizers, boolean residualEncoding,
            int splitLists, int trainingIterations, int trainingPointsPerCentroid, long seed) {
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
        this.splitLists = splitLists;
        this.trainingIterations = trainingIterations;
        this.trainingPointsPerCentroid = trainingPointsPerCentroid;
        this.seed = seed;
    }

    public IvfPqConfig withResidualEncoding(boolean value) {
        return new IvfPqConfig(dimension, numLists, numSubQuantizers, value, splitLists,
                trainingIterations, trainingPointsPerCentroid, seed);
    }

    public IvfPqConfig withSplitLists(int value) {
        return new IvfPqConfig(dimension, numLists, numSubQuantizers, residualEncoding, value,
                trainingIterations, trainingPointsPerCentroid, seed);
    }

    public IvfPqConfig withTrainingIterations(int value) {
        return new IvfPqConfig(dimension, numLists, numSubQuantizers, residualEncoding, splitLists,
                value, trainingPointsPerCentroid, seed);
    }

    public IvfPqConfig withTrainingPointsPerCentroid(int value) {
        return new IvfPqConfig(dimension, numLists, numSubQuantizers, residualEncoding, splitLists,
                trainingIterations, value, seed);
    }

    public IvfPqConfig withSeed(long value) {
        return new IvfPqConfig(dimension, numLists, numSubQuantizers, residualEncoding, splitLists,
                trainingIterations, trainingPointsPerCentroid, value);
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
