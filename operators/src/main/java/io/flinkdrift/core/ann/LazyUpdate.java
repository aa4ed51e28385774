package io.flinkdrift.core.ann;

import java.util.Optional;

/**
 * Lazy (DeDrift, Baranchuk et al., ICCV 2023): every non-empty list's centroid moves to the mean of
 * its live vectors, sum/count, in O(K·d); nothing is reassigned. With residual codes a list's anchor
 * follows its centroid (and the list is re-encoded on apply) only when ‖c_k − a_k‖² &gt; θ·σ_k², θ the
 * {@link IvfPqConfig#reanchorThreshold()} and σ_k² the list's mean squared distance to c_k; without
 * residual codes the anchors are always the centroids. Always publishes an update.
 */
public final class LazyUpdate implements MaintenanceStep {

    @Override
    public Optional<QuantizerUpdate> plan(IvfPqIndex.View index) {
        IvfPqConfig config = index.config();
        int d = config.dimension();
        float[] centroids = index.centroids();
        float[] anchors = index.anchors();
        for (int list = 0; list < config.numLists(); list++) {
            if (index.liveSize(list) > 0) {
                index.meanInto(list, centroids, list * d);
                double drift = Distances.squaredL2(centroids, list * d, anchors, list * d, d);
                double spread = index.meanSquaredDistance(list, centroids, list * d);
                if (!config.residualEncoding() || drift > config.reanchorThreshold() * spread) {
                    System.arraycopy(centroids, list * d, anchors, list * d, d);
                }
            }
        }
        return Optional.of(new QuantizerUpdate(MaintenanceReport.Kind.LAZY, index.version() + 1, centroids, anchors,
                index.productQuantizer(), new int[0]));
    }
}
