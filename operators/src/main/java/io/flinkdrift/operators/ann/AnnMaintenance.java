package io.flinkdrift.operators.ann;

import io.flinkdrift.core.ann.MaintenancePolicy;

import java.util.Locale;

/**
 * The named maintenance policies of an ann pipeline (DeDrift's variants, Baranchuk et al., ICCV 2023,
 * or a rebuild), each the core {@link MaintenancePolicy} of the same name, which the benchmarks run too.
 */
public enum AnnMaintenance {
    NONE(MaintenancePolicy.NONE),
    LAZY(MaintenancePolicy.LAZY),
    SPLIT(MaintenancePolicy.SPLIT),
    HYBRID(MaintenancePolicy.HYBRID),
    /** Lazy with forward anchors (docs/ann.md "Forward anchors"); pays off with segments. */
    LAZY_FORWARD(MaintenancePolicy.LAZY_FORWARD),
    /** Hybrid with forward anchors. */
    HYBRID_FORWARD(MaintenancePolicy.HYBRID_FORWARD),
    REBUILD(MaintenancePolicy.REBUILD);

    private final MaintenancePolicy policy;

    AnnMaintenance(MaintenancePolicy policy) {
        this.policy = policy;
    }

    /** The policy named {@code name} on the command line: its name in lower case, '-' for '_'. */
    public static AnnMaintenance fromName(String name) {
        for (AnnMaintenance policy : values()) {
            if (policy.cliName().equals(name)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("--maintenance must be one of " + names() + ", got '" + name + "'");
    }

    /** The command-line names of every policy, separated by '|'. */
    public static String names() {
        StringBuilder names = new StringBuilder();
        for (AnnMaintenance policy : values()) {
            names.append(names.length() == 0 ? "" : "|").append(policy.cliName());
        }
        return names.toString();
    }

    /** This policy's command-line name, e.g. {@code lazy-forward}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The steps this policy runs. */
    public MaintenancePolicy policy() {
        return policy;
    }
}
