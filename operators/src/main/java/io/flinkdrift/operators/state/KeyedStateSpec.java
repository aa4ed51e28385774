package io.flinkdrift.operators.state;

import io.flinkdrift.core.state.StateCodec;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.util.function.SerializableFunction;

import java.io.Serializable;

/**
 * The per-key model of a keyed operator (a learner, a density estimator): how to create it when a
 * key is first seen, and the explicit, versioned codec that keeps it in Flink managed state.
 *
 * <p>Every keyed operator that holds one model per key takes a spec instead of a model, so the same
 * operator serves every method of its family and the state format is named in one place.
 *
 * @param <T> the model type
 */
public interface KeyedStateSpec<T> extends Serializable {

    /**
     * A fresh model for a key seen for the first time.
     *
     * @param dimension the length of the key's first feature vector
     * @throws IllegalArgumentException when the model cannot take vectors of this dimension
     */
    T create(int dimension);

    /** The explicit, versioned state format of the model. */
    Class<? extends StateCodec<T>> codecClass();

    /** A descriptor of keyed value state holding the model in its codec's format. */
    default ValueStateDescriptor<T> descriptor(String name) {
        return new ValueStateDescriptor<>(name, new CodecSerializer<>(codecClass()));
    }

    /** A spec from a serializable function of the dimension and a codec class. */
    static <T> KeyedStateSpec<T> of(SerializableFunction<Integer, T> constructor,
            Class<? extends StateCodec<T>> codecClass) {
        return new KeyedStateSpec<T>() {
            private static final long serialVersionUID = 1L;

            @Override
            public T create(int dimension) {
                return constructor.apply(dimension);
            }

            @Override
            public Class<? extends StateCodec<T>> codecClass() {
                return codecClass;
            }
        };
    }
}
