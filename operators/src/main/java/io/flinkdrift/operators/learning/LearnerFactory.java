package io.flinkdrift.operators.learning;

import io.flinkdrift.core.state.StateCodec;
import org.apache.flink.util.function.SerializableFunction;

import java.io.Serializable;

/**
 * Creates the initial model for a key and names the codec that keeps it in Flink state.
 *
 * @param <L> the learner type
 */
public interface LearnerFactory<L> extends Serializable {

    /**
     * A fresh model, created when a key is seen for the first time.
     *
     * @param featureDimension the length of the key's first feature vector
     */
    L create(int featureDimension);

    /** The explicit, versioned state format of the model. */
    Class<? extends StateCodec<L>> codecClass();

    /** A factory from a serializable function of the feature dimension and a codec class. */
    static <L> LearnerFactory<L> of(SerializableFunction<Integer, L> constructor,
            Class<? extends StateCodec<L>> codecClass) {
        return new LearnerFactory<L>() {
            private static final long serialVersionUID = 1L;

            @Override
            public L create(int featureDimension) {
                return constructor.apply(featureDimension);
            }

            @Override
            public Class<? extends StateCodec<L>> codecClass() {
                return codecClass;
            }
        };
    }
}
