package io.flinkdrift.operators.density;

import io.flinkdrift.core.density.DensityEstimator;
import io.flinkdrift.core.state.StateCodec;
import org.apache.flink.util.function.SerializableFunction;

import java.io.Serializable;

/**
 * Creates the density estimator of a key when the key is first seen, and names the codec that
 * keeps it in Flink state.
 *
 * @param <E> the estimator type
 */
public interface DensityEstimatorFactory<E extends DensityEstimator> extends Serializable {

    /**
     * A fresh estimator.
     *
     * @param dimension the length of the key's first feature vector
     * @throws IllegalArgumentException when the estimator cannot take points of this dimension
     */
    E create(int dimension);

    /** The explicit, versioned state format of the estimator. */
    Class<? extends StateCodec<E>> codecClass();

    /** A factory from a serializable function of the dimension and a codec class. */
    static <E extends DensityEstimator> DensityEstimatorFactory<E> of(
            SerializableFunction<Integer, E> constructor, Class<? extends StateCodec<E>> codecClass) {
        return new DensityEstimatorFactory<E>() {
            private static final long serialVersionUID = 1L;

            @Override
            public E create(int dimension) {
                return constructor.apply(dimension);
            }

            @Override
            public Class<? extends StateCodec<E>> codecClass() {
                return codecClass;
            }
        };
    }
}
