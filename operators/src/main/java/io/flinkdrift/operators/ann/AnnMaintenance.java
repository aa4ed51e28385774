package io.flinkdrift.operators.ann;

import io.flinkdrift.core.ann.MaintenancePolicy;

/**
 * The named maintenance policies of an ann pipeline (DeDrift's variants, Baranchuk et al., ICCV 2023,
 * or a rebuild), each the core {@link MaintenancePolicy} of the same name, which the benchmarks run too.
 */
public enum AnnMaintenance {
    NONE(MaintenancePolicy.NONE),
    LAZY(MaintenancePolicy.LAZY),
    SPLIT(MaintenancePolicy.SPLIT),
    HYBRID(MaintenancePolicy.HYBRID),
    REBUILD(MaintenancePolicy.REBUILD);

    private final MaintenancePolicy policy;

    AnnMaintenance(MaintenancePolicy policy) {
        this.policy = policy;
    }

    /** The steps this policy runs. */
    public MaintenancePolicy policy() {
        return policy;
    }
}
