package io.flinkdrift.operators.density;

import io.flinkdrift.core.density.DensityEstimator;
import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.operators.params.NamedParamDeclaration;
import io.flinkdrift.operators.params.ParamDeclaration;
import io.flinkdrift.operators.state.KeyedStateSpec;

import java.util.Map;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.WithParams;
import org.apache.flink.util.function.SerializableFunction;

/**
 * One density estimator, declared once: its name, what it does, its params (Flink ML {@link
 * Param}s with defaults and validators, composed from shared mixin interfaces such as {@link
 * HasGrid}), how it is built from their values, and the codec of its state. The {@code density}
 * job's options and their {@code --help} text, {@link DensityBuilder}, the SQL {@code density}
 * function and the Flink ML stages of {@code io.flinkdrift.operators.ml} are generated from the
 * declarations of {@link DensityEstimatorRegistry}. Immutable.
 *
 * @param <E> the estimator type
 */
public final class DensityEstimatorDeclaration<E extends DensityEstimator> extends NamedParamDeclaration {

    /**
     * Reads (and so validates) the param values now and returns the constructor of one key's
     * estimator from the feature dimension of its first point.
     */
    @FunctionalInterface
    public interface Binder<E> {
        SerializableFunction<Integer, E> bind(WithParams<?> params);
    }

    private final Binder<E> binder;
    private final Class<? extends StateCodec<E>> codecClass;

    private DensityEstimatorDeclaration(String name, String description, Map<Param<?>, Object> defaults,
            Binder<E> binder, Class<? extends StateCodec<E>> codecClass) {
        super("estimator", name, description, defaults);
        this.binder = binder;
        this.codecClass = codecClass;
    }

    /** An estimator with the grid params of {@link HasGrid} and those of {@code mixins}. */
    @SafeVarargs
    public static <E extends DensityEstimator> DensityEstimatorDeclaration<E> of(String name, String description,
            Class<? extends StateCodec<E>> codecClass, Binder<E> binder,
            Class<? extends WithParams>... mixins) {
        Map<Param<?>, Object> params = ParamDeclaration.withMixin(Map.of(), HasGrid.class);
        for (Class<? extends WithParams> mixin : mixins) {
            params = ParamDeclaration.withMixin(params, mixin);
        }
        return new DensityEstimatorDeclaration<>(name, description, params, binder, codecClass);
    }

    /** The state format of the estimator. */
    public Class<? extends StateCodec<E>> codecClass() {
        return codecClass;
    }

    /**
     * The factory of the estimator with {@code values} of its params; every setting that does not
     * depend on the data's dimension is validated now, before a job is submitted.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public KeyedStateSpec<E> factory(WithParams<?> values) {
        return KeyedStateSpec.of(binder.bind(values), codecClass);
    }
}
