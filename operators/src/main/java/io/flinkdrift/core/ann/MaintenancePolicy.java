package io.flinkdrift.core.ann;

import java.util.ArrayList;
import java.util.List;

/**
 * A maintenance policy of an {@link IvfPqIndex}: a list of {@link MaintenanceStep}s, each planned on
 * the index as the previous one left it and applied with {@link IvfPqIndex#apply(QuantizerUpdate)}.
 * The named policies are DeDrift's variants (Baranchuk et al., ICCV 2023) and the rebuild baseline;
 * the ann job's coordinator and the benchmarks run these same objects.
 *
 * @param steps run in order, each at most once per run
 */
public record MaintenancePolicy(List<MaintenanceStep> steps) {

    /** β of Hybrid's imbalance-driven Split: lists above 2·N/K are split. */
    public static final double HYBRID_IMBALANCE_BOUND = 2;

    /** No maintenance. */
    public static final MaintenancePolicy NONE = new MaintenancePolicy(List.of());
    /** Lazy: centroids to their list means. */
    public static final MaintenancePolicy LAZY = new MaintenancePolicy(List.of(new LazyUpdate()));
    /** Split: re-cluster the largest lists with the smallest. */
    public static final MaintenancePolicy SPLIT = new MaintenancePolicy(List.of(new Split()));
    /**
     * Hybrid: Lazy, then DeDrift's Split of the k largest lists, then a Split of every list still above
     * {@value #HYBRID_IMBALANCE_BOUND}·N/K ({@link Split#aboveImbalance}), which only strong drift leaves.
     */
    public static final MaintenancePolicy HYBRID = new MaintenancePolicy(List.of(new LazyUpdate(), new Split(),
            Split.aboveImbalance(MaintenancePolicy.HYBRID_IMBALANCE_BOUND)));
    /**
     * Lazy with forward anchors ({@link LazyUpdate#forwardAnchors}, β =
     * {@value LazyUpdate#DEFAULT_FORWARD_FAILURE_BOUND}): with residual codes in segments a move re-encodes
     * only the open segments whose anchor prediction failed.
     */
    public static final MaintenancePolicy LAZY_FORWARD = new MaintenancePolicy(
            List.of(LazyUpdate.forwardAnchors(LazyUpdate.DEFAULT_FORWARD_FAILURE_BOUND)));
    /** Hybrid whose Lazy step anchors forward, as {@link #LAZY_FORWARD}. */
    public static final MaintenancePolicy HYBRID_FORWARD = new MaintenancePolicy(List.of(
            LazyUpdate.forwardAnchors(LazyUpdate.DEFAULT_FORWARD_FAILURE_BOUND), new Split(),
            Split.aboveImbalance(MaintenancePolicy.HYBRID_IMBALANCE_BOUND)));
    /** Rebuild: retrain everything on the live vectors. */
    public static final MaintenancePolicy REBUILD = new MaintenancePolicy(List.of(new Rebuild()));

    public MaintenancePolicy {
        steps = List.copyOf(steps);
    }

    /** A step's update and what applying it to the planning index did. */
    public record Published(QuantizerUpdate update, MaintenanceReport report) {}

    /** Plans and applies every step on {@code index}; the updates published, in order. */
    public List<Published> run(IvfPqIndex index) {
        List<Published> published = new ArrayList<>();
        for (MaintenanceStep step : steps) {
            step.plan(index.view()).ifPresent(update -> published.add(new Published(update, index.apply(update))));
        }
        return published;
    }
}
