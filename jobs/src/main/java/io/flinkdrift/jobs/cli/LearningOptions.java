package io.flinkdrift.jobs.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options of the learning jobs beyond the learner: a second input of delayed labels and the model
 * snapshot output. A picocli mixin.
 */
public final class LearningOptions {

    @Option(names = "--labels", paramLabel = "SPEC",
            description = "Labels that arrive separately, as JSON lines {\"id\":..,\"key\":..,\"timestamp\":..,"
                    + "\"value\":..} (key optional): file:PATH or kafka:TOPIC. Each is joined to the example "
                    + "with the same id and key, which was predicted on arrival and is trained on when its "
                    + "label comes. Default: none (labels come with the examples).")
    public String labels;

    @Option(names = "--max-label-delay", paramLabel = "MS", defaultValue = "60000",
            description = "With --labels: an example (or a label) waits this long in event time for its "
                    + "counterpart, then is dropped and counted. Default: ${DEFAULT-VALUE}.")
    public long maxLabelDelayMs;

    @Option(names = "--max-pending-labels", paramLabel = "N", defaultValue = "10000",
            description = "With --labels: at most N examples (and N early labels) wait per key; the oldest "
                    + "is dropped first. Default: ${DEFAULT-VALUE}.")
    public int maxPending;

    @Option(names = "--snapshot-every", paramLabel = "N", defaultValue = "0",
            description = "Emit each key's model to --snapshots after every N updates; 0 = never. "
                    + "Default: ${DEFAULT-VALUE}.")
    public long snapshotEvery;

    @Option(names = "--snapshots", paramLabel = "SPEC", defaultValue = "none",
            description = "Where model snapshots go, as JSON lines (key, modelVersion, timestamp, "
                    + "formatVersion, base64 state): stdout, stderr, file:DIR, kafka:TOPIC or none. "
                    + "Default: ${DEFAULT-VALUE}.")
    public String snapshots;

    @Mixin
    public BundleOptions bundle;

    @Option(names = "--conformal", paramLabel = "NAME=VALUE,...",
            description = "Add conformal risk control: each output record (JSON) also carries lambda, the interval "
                    + "[lower, upper] (regress) or the class set (classify), the realised loss and the running risk; "
                    + "per key, labelled examples at indices 0, N, 2N, ... calibrate and only the others train the "
                    + "model. Names as the conformal job's options: loss (regress: interval|absolute, classify: set),"
                    + " alpha, bound, weights, rho, tau, capacity, bandwidth, grid, calibrate-every (N, default 2), "
                    + "warm-up, e.g. alpha=0.05,rho=0.99,grid=0:1:101. Needs the labels with the examples (not "
                    + "--labels). Default: off.")
    public String conformal;
}
