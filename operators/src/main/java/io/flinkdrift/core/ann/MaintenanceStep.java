package io.flinkdrift.core.ann;

import java.util.Optional;

/**
 * One maintenance step of an {@link IvfPqIndex}, kept outside the index as Faiss keeps its list
 * maintenance in {@code IVFlib} and {@code contrib/ivf_tools.py} rather than in {@code IndexIVF}: it
 * reads a {@link IvfPqIndex.View} and plans a {@link QuantizerUpdate}, which
 * {@link IvfPqIndex#apply(QuantizerUpdate)}, the one primitive that changes an index's quantizer,
 * then applies (to the planner's index and to every shard that follows it). A
 * {@link MaintenancePolicy} is a list of steps.
 *
 * <p>Contract: {@code plan} is a pure function of the view (and the configuration's seed), so that
 * replaying the same stream plans the same updates; the update publishes {@code view.version() + 1}.
 */
public interface MaintenanceStep {

    /** The update this step would publish, or empty when it has nothing to do. */
    Optional<QuantizerUpdate> plan(IvfPqIndex.View index);
}
