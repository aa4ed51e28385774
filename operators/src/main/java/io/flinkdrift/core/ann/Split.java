package io.flinkdrift.core.ann;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Split (DeDrift, Baranchuk et al., ICCV 2023): B1 = the lists to break up, B2 = the k2 − |B1| smallest
 * other lists whose slots they take; k-means with k2 centroids on the raw vectors of B1 ∪ B2
 * (subsampled to ≤ trainingPointsPerCentroid·k2); the k2 new centroids (and anchors) replace those k2
 * slots and, on apply, every vector of B1 ∪ B2 goes to the nearest of them. K stays constant and only
 * vectors of B1 ∪ B2 move. Two rules choose B1 and k2:
 *
 * <ul>
 *   <li>DeDrift's ({@link #Split()}, {@link #Split(int)}): μ = median live list size over all K lists
 *       (empty ones included); B1 = the k largest lists; k2 = ⌈|B1|/μ⌉ (with μ = 0, the mean size N/K
 *       instead), capped at K and at |B1|. Nothing to do when k2 ≤ k, i.e. the largest lists are not
 *       above the median.
 *   <li>Imbalance-driven ({@link #aboveImbalance(double)}): B1 = every list holding more than β·N/K
 *       live vectors, largest first, each given ⌈n_k·K/N⌉ slots so that its parts have the balanced
 *       size N/K; k2 = the sum, capped at max(2, K/4) (the last list taken gets the slots left; the
 *       smaller lists wait for the next run) (so the
 *       k-means costs at most 64·(K/4)²·d per iteration at 64 points per centroid, whatever the drift).
 *       A fixed k cannot keep up with strong drift, where many lists grow at once while those whose
 *       vectors expired sit empty; this takes all of them. Nothing to do when no list is above β·N/K.
 * </ul>
 */
public final class Split implements MaintenanceStep {

    /** 0: the index's {@link IvfPqConfig#splitLists()}; unused by the imbalance rule. */
    private final int numLargest;
    /** β of the imbalance rule; 0 for DeDrift's rule. */
    private final double imbalanceBound;

    /** Splits the index's {@link IvfPqConfig#splitLists()} largest lists. */
    public Split() {
        this(0, 0);
    }

    /**
     * @param numLargest k, at least 1 (and below K of the index it plans for)
     * @throws IllegalArgumentException if numLargest &lt; 1
     */
    public Split(int numLargest) {
        this(numLargest, 0);
        if (numLargest < 1) {
            throw new IllegalArgumentException("numLargest must be at least 1, got " + numLargest);
        }
    }

    private Split(int numLargest, double imbalanceBound) {
        this.numLargest = numLargest;
        this.imbalanceBound = imbalanceBound;
    }

    /**
     * Splits every list holding more than {@code bound}·N/K live vectors (see the class comment).
     *
     * @param bound β, above 1 (a list at the balanced size N/K is never split)
     * @throws IllegalArgumentException if bound ≤ 1 or is not finite
     */
    public static Split aboveImbalance(double bound) {
        if (!(bound > 1) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("bound must be finite and above 1, got " + bound);
        }
        return new Split(0, bound);
    }

    /** @throws IllegalArgumentException if k is not below K */
    @Override
    public Optional<QuantizerUpdate> plan(IvfPqIndex.View index) {
        IvfPqConfig config = index.config();
        int numLists = config.numLists();
        long[] bySize = new long[numLists];
        long total = 0;
        for (int list = 0; list < numLists; list++) {
            int live = index.liveSize(list);
            bySize[list] = (long) live * numLists + list;
            total += live;
        }
        Arrays.sort(bySize);
        int[] sizeOfRank = new int[numLists];
        for (int i = 0; i < numLists; i++) {
            sizeOfRank[i] = (int) (bySize[numLists - 1 - i] / numLists);
        }
        int[] split = imbalanceBound > 0 ? aboveBound(sizeOfRank, total) : largest(config, sizeOfRank, total);
        int largest = split[0];
        int k2 = split[1];
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
        int d = config.dimension();
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

    /** DeDrift's rule: {|B1|, k2} for the k largest lists, sizes given largest first. */
    private int[] largest(IvfPqConfig config, int[] sizeOfRank, long total) {
        int numLists = config.numLists();
        int largest = numLargest == 0 ? config.splitLists() : numLargest;
        if (largest >= numLists) {
            throw new IllegalArgumentException("numLargest must be in [1, " + (numLists - 1) + "], got " + largest);
        }
        double median = (sizeOfRank[numLists / 2] + sizeOfRank[(numLists - 1) / 2]) / 2.0;
        long largestCount = 0;
        for (int i = 0; i < largest; i++) {
            largestCount += sizeOfRank[i];
        }
        double targetSize = median > 0 ? median : (double) total / numLists;
        long wanted = (long) Math.ceil(largestCount / targetSize);
        return new int[] {largest, (int) Math.min(Math.min(numLists, largestCount), wanted)};
    }

    /** The most slots, k2, one imbalance-driven Split re-clusters: max(2, K/4). */
    static int imbalanceSlotCap(int numLists) {
        return Math.max(2, numLists / 4);
    }

    /** The imbalance rule: {|B1|, k2} for the lists above β·N/K, sizes given largest first. */
    private int[] aboveBound(int[] sizeOfRank, long total) {
        int numLists = sizeOfRank.length;
        double balanced = (double) total / numLists;
        int maxSlots = imbalanceSlotCap(numLists);
        int lists = 0;
        int slots = 0;
        while (lists < numLists && sizeOfRank[lists] > imbalanceBound * balanced) {
            int parts = (int) Math.min(Math.ceil(sizeOfRank[lists] / balanced), maxSlots - slots);
            if (parts < 2) {
                break;
            }
            slots += parts;
            lists++;
        }
        return new int[] {lists, slots};
    }
}
