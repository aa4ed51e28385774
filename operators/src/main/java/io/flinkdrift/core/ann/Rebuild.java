package io.flinkdrift.core.ann;

import java.util.Optional;

/**
 * The full rebuild, DeDrift's baseline: centroids and codebooks retrained on the live vectors (as
 * {@link IvfPqIndex#train} trains them), every list reassigned and every vector re-encoded on apply.
 */
public final class Rebuild implements MaintenanceStep {

    /** @throws IllegalStateException if fewer than K vectors are live */
    @Override
    public Optional<QuantizerUpdate> plan(IvfPqIndex.View index) {
        IvfPqConfig config = index.config();
        float[] vectors = index.liveVectors(index.allLists());
        int n = vectors.length / config.dimension();
        if (n < config.numLists()) {
            throw new IllegalStateException("rebuild needs at least numLists = " + config.numLists()
                    + " live vectors, has " + n);
        }
        return Optional.of(IvfPqIndex.trainQuantizer(config, vectors, n, index.version() + 1));
    }
}
