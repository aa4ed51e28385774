package io.flinkdrift.core.ann;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Split (DeDrift, Baranchuk et al., ICCV 2023): μ = median live list size over all K lists (empty
 * ones included); B1 = the k largest lists; k2 = ⌈|B1|/μ⌉ (with μ = 0, the mean size N/K instead),
 * capped at K and at |B1|; B2 = the k2 − k smallest other lists; k-means with k2 centroids on the raw
 * vectors of B1 ∪ B2 (subsampled to ≤ trainingPointsPerCentroid·k2); the k2 new centroids (and
 * anchors) replace those k2 slots and, on apply, every vector of B1 ∪ B2 goes to the nearest of them.
 * K stays constant and only vectors of B1 ∪ B2 move. Nothing to do (empty) when k2 ≤ k, i.e. the
 * largest lists are not above the median.
 */
public final class Split implements MaintenanceStep {

    /** 0: the index's {@link IvfPqConfig#splitLists()}. */
    private final int numLargest;

    /** Splits the index's {@link IvfPqConfig#splitLists()} largest lists. */
    public Split() {
        this.numLargest = 0;
    }

    /**
     * @param numLargest k, at least 1 (and below K of the index it plans for)
     * @throws IllegalArgumentException if numLargest &lt; 1
     */
    public Split(int numLargest) {
        if (numLargest < 1) {
            throw new IllegalArgumentException("numLargest must be at least 1, got " + numLargest);
        }
        this.numLargest = numLargest;
    }

    /** @throws IllegalArgumentException if k is not below K */
    @Override
    public Optional<QuantizerUpdate> plan(IvfPqIndex.View index) {
        IvfPqConfig config = index.config();
        int numLists = config.numLists();
        int largest = numLargest == 0 ? config.splitLists() : numLargest;
        if (largest >= numLists) {
            throw new IllegalArgumentException("numLargest must be in [1, " + (numLists - 1) + "], got " + largest);
        }
        int d = config.dimension();
        long[] bySize = new long[numLists];
        long total = 0;
        for (int list = 0; list < numLists; list++) {
            int live = index.liveSize(list);
            bySize[list] = (long) live * numLists + list;
            total += live;
        }
        Arrays.sort(bySize);
        double median = (bySize[(numLists - 1) / 2] / numLists + bySize[numLists / 2] / numLists) / 2.0;
        long largestCount = 0;
        for (int i = numLists - largest; i < numLists; i++) {
            largestCount += bySize[i] / numLists;
        }
        double targetSize = median > 0 ? median : (double) total / numLists;
        long wanted = (long) Math.ceil(largestCount / targetSize);
        int k2 = (int) Math.min(Math.min(numLists, largestCount), wanted);
        if (total == 0 || k2 <= largest) {
            return Optional.empty();
        }
        int[] slots = new int[k2];
        for (int j = 0; j < largest; j++) {
            slots[j] = (int) (bySize[numLists - 1 - j] % numLists);
        }
        for (int j = largest; j < k2; j++) {
            slots[j] = (int) (bySize[j - largest] % numLists);
        }
        float[] vectors = index.liveVectors(slots);
        SplittableRandom random = Sampling.random(config, index.version() + 1);
        float[] sample = Sampling.subsample(vectors, vectors.length / d, d,
                (long) config.trainingPointsPerCentroid() * k2, random);
        float[] newCentroids = new KMeans(k2, config.trainingIterations(), KMeans.DEFAULT_TOLERANCE,
                KMeans.Init.KMEANS_PLUS_PLUS, random.nextLong())
                .fit(sample, sample.length / d, d).centroids();
        float[] centroids = index.centroids();
        float[] anchors = index.anchors();
        for (int j = 0; j < k2; j++) {
            System.arraycopy(newCentroids, j * d, centroids, slots[j] * d, d);
            System.arraycopy(newCentroids, j * d, anchors, slots[j] * d, d);
        }
        return Optional.of(new QuantizerUpdate(MaintenanceReport.Kind.SPLIT, index.version() + 1, centroids,
                anchors, index.productQuantizer(), slots));
    }
}
