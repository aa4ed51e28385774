package io.flinkdrift.operators.learning;

import io.flinkdrift.core.learners.OnlineClassifier;
import io.flinkdrift.operators.state.KeyedStateSpec;

/**
 * Keyed prequential classification ({@link PrequentialFunction}): each prediction carries the
 * most probable class index and the class probabilities from before the update.
 *
 * @param <L> the learner type
 */
public class PrequentialClassifierFunction<L extends OnlineClassifier> extends PrequentialFunction<L> {

    private static final long serialVersionUID = 1L;

    /** Without model snapshots. */
    public PrequentialClassifierFunction(KeyedStateSpec<L> factory) {
        this(factory, 0);
    }

    /**
     * @param snapshotEvery emit a {@link ModelSnapshot} every this many updates per key; 0 = never
     * @throws IllegalArgumentException if {@code snapshotEvery < 0}
     */
    public PrequentialClassifierFunction(KeyedStateSpec<L> factory, long snapshotEvery) {
        super(new KeyedModel<>(factory, true, snapshotEvery));
    }
}
