package io.flinkdrift.operators.learning;

import io.flinkdrift.core.state.StateCodec;

import java.io.Serializable;

/**
 * Creates the initial model for a key and names the codec that keeps it in Flink state.
 *
 * @param <L> the learner type
 */
public interface LearnerFactory<L> extends Serializable {

    /** A fresh model, created when a key is seen for the first time. */
    L create();

    /** The explicit, versioned state format of the model. */
    Class<? extends StateCodec<L>> codecClass();
}
