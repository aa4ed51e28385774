package io.flinkdrift.core.ann;

import java.util.Arrays;
import java.util.Optional;

/**
 * Lazy (DeDrift, Baranchuk et al., ICCV 2023): every non-empty list's centroid moves to the mean of
 * its live vectors, sum/count, in O(K·d); nothing is reassigned. With residual codes a list's anchor
 * moves only when its target t_k is far from it, ‖t_k − a_k‖² &gt; θ·σ_k², θ the
 * {@link IvfPqConfig#reanchorThreshold()} and σ_k² the list's mean squared distance to c_k; without
 * residual codes the anchors are always the centroids. Two anchor rules choose t_k:
 *
 * <ul>
 *   <li>{@link #LazyUpdate()}: t_k = c_k, and a moved anchor re-encodes the list's open segment
 *       ({@link IvfPqIndex}) against it;
 *   <li>{@link #forwardAnchors(double)}: t_k = m_k + (c_k − c_k'), m_k the mean of the open segment's
 *       live vectors (those added since the anchor last moved) and c_k' the centroid before the step:
 *       the point the next inserts are expected at, one step of the list's drift ahead of the last
 *       ones, so that they are coded against an anchor that does not lag behind them. The open segment,
 *       coded against the anchor that was predicted for it, is closed as coded (the update's
 *       {@link QuantizerUpdate#forwardLists()}), unless that prediction failed,
 *       ‖m_k − a_k‖² &gt; β·s_k² (β the bound, s_k² the list's mean squared distance to m_k): then it is
 *       re-encoded against t_k as the first rule does. An empty open segment takes t_k = c_k.
 * </ul>
 *
 * <p>Always publishes an update. docs/ann.md, "Segments", has the measurements.
 */
public final class LazyUpdate implements MaintenanceStep {

    /** β of {@link MaintenancePolicy}'s forward-anchored policies: re-encode when m_k − a_k passes √0.1·s_k. */
    public static final double DEFAULT_FORWARD_FAILURE_BOUND = 0.1;

    /** β of the forward rule; negative for the first rule. */
    private final double failureBound;

    /** Anchors to the centroids (the first rule of the class comment). */
    public LazyUpdate() {
        this.failureBound = -1;
    }

    private LazyUpdate(double failureBound) {
        this.failureBound = failureBound;
    }

    /**
     * Anchors ahead of the recent inserts (the second rule of the class comment).
     *
     * @param failureBound β ≥ 0 (infinity never re-encodes an open segment)
     * @throws IllegalArgumentException if failureBound is negative or NaN
     */
    public static LazyUpdate forwardAnchors(double failureBound) {
        if (!(failureBound >= 0)) {
            throw new IllegalArgumentException("failureBound must be >= 0, got " + failureBound);
        }
        return new LazyUpdate(failureBound);
    }

    @Override
    public Optional<QuantizerUpdate> plan(IvfPqIndex.View index) {
        IvfPqConfig config = index.config();
        int d = config.dimension();
        float[] previous = index.centroids();
        float[] centroids = previous.clone();
        float[] anchors = index.anchors();
        boolean forward = failureBound >= 0 && config.residualEncoding();
        float[] target = new float[d];
        int[] forwardLists = new int[config.numLists()];
        int forwarded = 0;
        for (int list = 0; list < config.numLists(); list++) {
            if (index.liveSize(list) == 0) {
                continue;
            }
            index.meanInto(list, centroids, list * d);
            boolean predicted = false;
            if (forward && index.openSegmentLiveSize(list) > 0) {
                index.openSegmentMeanInto(list, target, 0);
                double error = Distances.squaredL2(target, 0, anchors, list * d, d);
                predicted = !(error > failureBound * index.meanSquaredDistance(list, target, 0));
                for (int j = 0; j < d; j++) {
                    target[j] += centroids[list * d + j] - previous[list * d + j];
                }
            } else {
                System.arraycopy(centroids, list * d, target, 0, d);
            }
            double drift = Distances.squaredL2(target, 0, anchors, list * d, d);
            double spread = index.meanSquaredDistance(list, centroids, list * d);
            if (!config.residualEncoding() || drift > config.reanchorThreshold() * spread) {
                System.arraycopy(target, 0, anchors, list * d, d);
                if (predicted) {
                    forwardLists[forwarded++] = list;
                }
            }
        }
        return Optional.of(new QuantizerUpdate(MaintenanceReport.Kind.LAZY, index.version() + 1, centroids, anchors,
                index.productQuantizer(), new int[0], Arrays.copyOf(forwardLists, forwarded)));
    }
}
