package io.flinkdrift.operators.learning;

import io.flinkdrift.core.state.StateCodec;
import org.apache.flink.util.function.SerializableSupplier;

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

    /** A factory from a constructor reference (or any serializable supplier) and a codec class. */
    static <L> LearnerFactory<L> of(SerializableSupplier<L> constructor, Class<? extends StateCodec<L>> codecClass) {
        return new LearnerFactory<L>() {
            private static final long serialVersionUID = 1L;

            @Override
            public L create() {
                return constructor.get();
            }

            @Override
            public Class<? extends StateCodec<L>> codecClass() {
                return codecClass;
            }
        };
    }
}
