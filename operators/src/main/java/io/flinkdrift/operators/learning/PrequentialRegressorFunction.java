package io.flinkdrift.operators.learning;

import io.flinkdrift.core.learners.OnlineRegressor;
import io.flinkdrift.operators.state.KeyedStateSpec;

/**
 * Keyed prequential regression ({@link PrequentialFunction}): each prediction carries the
 * value predicted before the update and no probabilities.
 *
 * @param <L> the learner type
 */
public class PrequentialRegressorFunction<L extends OnlineRegressor> extends PrequentialFunction<L> {

    private static final long serialVersionUID = 1L;

    /** Without model snapshots. */
    public PrequentialRegressorFunction(KeyedStateSpec<L> factory) {
        this(factory, 0);
    }

    /**
     * @param snapshotEvery emit a {@link ModelSnapshot} every this many updates per key; 0 = never
     * @throws IllegalArgumentException if {@code snapshotEvery < 0}
     */
    public PrequentialRegressorFunction(KeyedStateSpec<L> factory, long snapshotEvery) {
        super(new KeyedModel<>(factory, false, snapshotEvery));
    }
}
