package io.flinkdrift.operators.ann;

import io.flinkdrift.core.ann.IvfPqIndex;
import io.flinkdrift.core.ann.MaintenanceReport;
import io.flinkdrift.core.ann.QuantizerUpdate;

import java.util.ArrayList;
import java.util.List;

/** The maintenance policy of an ann pipeline: DeDrift's variants (Baranchuk et al., ICCV 2023) or a rebuild. */
public enum AnnMaintenance {
    NONE,
    LAZY,
    SPLIT,
    HYBRID,
    REBUILD;

    /**
     * Plans and applies this policy's steps on {@code index}, adding their moves to {@code event};
     * returns the updates published, in order.
     */
    List<QuantizerUpdate> run(IvfPqIndex index, MaintenanceEvent event) {
        List<QuantizerUpdate> published = new ArrayList<>();
        if (this == LAZY || this == HYBRID) {
            published.add(applied(index, event, index.planLazyUpdate()));
        }
        if (this == SPLIT || this == HYBRID) {
            index.planSplit(index.config().splitLists()).ifPresent(u -> published.add(applied(index, event, u)));
        }
        if (this == REBUILD) {
            published.add(applied(index, event, index.planRebuild()));
        }
        return published;
    }

    private static QuantizerUpdate applied(IvfPqIndex index, MaintenanceEvent event, QuantizerUpdate update) {
        MaintenanceReport report = index.apply(update);
        event.reassignedVectors += report.reassignedVectors();
        event.reencodedVectors += report.reencodedVectors();
        return update;
    }
}
