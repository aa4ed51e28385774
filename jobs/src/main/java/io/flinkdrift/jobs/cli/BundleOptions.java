package io.flinkdrift.jobs.cli;

import picocli.CommandLine.Option;

/**
 * Bundled state access of a job's keyed operator ({@code KeyedBundleOperator}): how many records a
 * subtask buffers, and for how long, before it runs them key by key. A picocli mixin.
 */
public final class BundleOptions {

    @Option(names = "--bundle-size", paramLabel = "N", defaultValue = "1000",
            description = "Each subtask buffers up to N examples, then runs them key by key, reading each key's "
                    + "model, estimator or conformal state from state once and writing it once (outputs as record "
                    + "at a time; flushed before every checkpoint and watermark). 1 = record at a time. "
                    + "Default: ${DEFAULT-VALUE}.")
    public int size;

    @Option(names = "--bundle-latency", paramLabel = "MS", defaultValue = "100",
            description = "Longest an example waits in a bundle, in processing time. Default: ${DEFAULT-VALUE}.")
    public long latencyMs;

    /** @throws IllegalArgumentException for a bundle size or latency below 1 */
    public void check() {
        if (size < 1 || latencyMs < 1) {
            throw new IllegalArgumentException(
                    "--bundle-size and --bundle-latency must be >= 1, got " + size + " and " + latencyMs);
        }
    }
}
