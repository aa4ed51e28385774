package io.flinkdrift.core.ann;

/**
 * What one maintenance step of an {@link IvfPqIndex} did (wall time is measured by the caller).
 *
 * @param kind the step
 * @param version the index version published by the step (unchanged when nothing was published)
 * @param centroidsChanged coarse centroids whose value changed
 * @param reassignedVectors live vectors now in a different list than before
 * @param reencodedVectors live vectors whose PQ code was recomputed
 */
public record MaintenanceReport(Kind kind, long version, int centroidsChanged, long reassignedVectors,
        long reencodedVectors) {

    /** The maintenance variants of DeDrift (Baranchuk et al., ICCV 2023) plus the full rebuild. */
    public enum Kind {
        LAZY,
        SPLIT,
        HYBRID,
        REBUILD
    }
}
