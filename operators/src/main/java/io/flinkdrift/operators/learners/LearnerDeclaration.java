package io.flinkdrift.operators.learners;

import io.flinkdrift.core.learners.OnlineClassifier;
import io.flinkdrift.core.learners.OnlineLearner;
import io.flinkdrift.core.learners.OnlineRegressor;
import io.flinkdrift.core.learners.calibration.CalibratedClassifier;
import io.flinkdrift.core.learners.calibration.OnlinePlattScaler;
import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.operators.learning.KeyedModel;
import io.flinkdrift.operators.params.NamedParamDeclaration;
import io.flinkdrift.operators.params.ParamDeclaration;
import io.flinkdrift.operators.state.KeyedStateSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.WithParams;
import org.apache.flink.util.function.SerializableFunction;

/**
 * One learner, declared once: its name, what it does, its params (Flink ML {@link Param}s with
 * defaults and validators, composed from shared mixin interfaces such as {@link KalmanParams}), how
 * it is built from their values, and the codec of its state. The jobs' {@code --learner} options
 * and their {@code --help} text, and the Flink ML estimators ({@code io.flinkdrift.operators.ml}, Flink 1.20 only), are generated
 * from the declarations of {@link LearnerRegistry}. Immutable; the {@code with*} methods return
 * changed copies.
 *
 * @param <L> the learner type
 */
public final class LearnerDeclaration<L extends OnlineLearner> extends NamedParamDeclaration {

    /** What the learner predicts. */
    public enum Task {
        /** Class indices 0, 1, ... with class probabilities. */
        CLASSIFICATION,
        /** A real target. */
        REGRESSION
    }

    /**
     * Reads (and so validates) the param values now and returns the constructor of one key's model
     * from the feature dimension of its first example.
     */
    @FunctionalInterface
    public interface Binder<L> {
        SerializableFunction<Integer, L> bind(WithParams<?> params);
    }

    /** Wraps the learner under online Platt scaling, for binary classifiers that allow it. */
    private interface Calibration<L> {
        KeyedModel<?> model(SerializableFunction<Integer, L> base, OnlinePlattScaler.Calibeating calibeating,
                long snapshotEvery);
    }

    private final Task task;
    private final Binder<L> binder;
    private final Class<? extends StateCodec<L>> codecClass;
    private final Calibration<L> calibration;

    private LearnerDeclaration(String name, String description, Task task, Map<Param<?>, Object> defaults,
            Binder<L> binder, Class<? extends StateCodec<L>> codecClass, Calibration<L> calibration) {
        super("learner", name, description, defaults);
        this.task = task;
        this.binder = binder;
        this.codecClass = codecClass;
        this.calibration = calibration;
    }

    /** A classifier without params. */
    public static <L extends OnlineClassifier> LearnerDeclaration<L> classifier(String name, String description,
            Class<? extends StateCodec<L>> codecClass, Binder<L> binder) {
        return new LearnerDeclaration<>(name, description, Task.CLASSIFICATION, Map.of(), binder, codecClass,
                null);
    }

    /**
     * A binary-capable classifier without params that {@code --calibrate} can wrap in a {@link
     * CalibratedClassifier}, whose state {@code calibratedCodecClass} keeps.
     */
    public static <L extends OnlineClassifier> LearnerDeclaration<L> calibratableClassifier(String name,
            String description, Class<? extends StateCodec<L>> codecClass,
            Class<? extends StateCodec<CalibratedClassifier<L>>> calibratedCodecClass, Binder<L> binder) {
        Calibration<L> calibration = (base, calibeating, snapshotEvery) -> new KeyedModel<>(
                KeyedStateSpec.of(d -> new CalibratedClassifier<>(base.apply(d),
                        OnlinePlattScaler.builder().calibeating(calibeating).build()), calibratedCodecClass),
                true, snapshotEvery);
        return new LearnerDeclaration<>(name, description, Task.CLASSIFICATION, Map.of(), binder, codecClass,
                calibration);
    }

    /** A regressor without params. */
    public static <L extends OnlineRegressor> LearnerDeclaration<L> regressor(String name, String description,
            Class<? extends StateCodec<L>> codecClass, Binder<L> binder) {
        return new LearnerDeclaration<>(name, description, Task.REGRESSION, Map.of(), binder, codecClass,
                null);
    }

    /**
     * With every {@link Param} that {@code mixin} (a params interface) declares or inherits as a
     * public static field, at the param's default.
     */
    public LearnerDeclaration<L> withParams(Class<? extends WithParams> mixin) {
        return with(ParamDeclaration.withMixin(params(), mixin));
    }

    /** With {@code param}, a param of this learner alone (not of a shared mixin), at its default. */
    public LearnerDeclaration<L> withParam(Param<?> param) {
        return with(ParamDeclaration.with(params(), param));
    }

    /** Without {@code excluded}: params that do not apply to this learner. */
    public LearnerDeclaration<L> withoutParams(Param<?>... excluded) {
        Map<Param<?>, Object> params = new LinkedHashMap<>(params());
        for (Param<?> param : excluded) {
            params.remove(param);
        }
        return with(params);
    }

    /** With {@code value} as this learner's default of {@code param}. */
    public <V> LearnerDeclaration<L> withDefault(Param<V> param, V value) {
        if (!params().containsKey(param)) {
            throw new IllegalArgumentException(name() + " has no param " + param.name);
        }
        Map<Param<?>, Object> params = new LinkedHashMap<>(params());
        params.put(param, value);
        return with(params);
    }

    private LearnerDeclaration<L> with(Map<Param<?>, Object> params) {
        return new LearnerDeclaration<>(name(), description(), task, params, binder, codecClass, calibration);
    }

    public Task task() {
        return task;
    }

    /** The state format of the learner. */
    public Class<? extends StateCodec<L>> codecClass() {
        return codecClass;
    }

    /** Whether {@code --calibrate} (online Platt scaling of a binary learner) applies. */
    public boolean calibratable() {
        return calibration != null;
    }

    /**
     * The factory of the learner with {@code values} of its params, validated now (before a job is
     * submitted) by building one model.
     *
     * @throws IllegalArgumentException for an invalid value or combination of values
     */
    public KeyedStateSpec<L> factory(WithParams<?> values) {
        SerializableFunction<Integer, L> constructor = binder.bind(values);
        constructor.apply(1);
        return KeyedStateSpec.of(constructor, codecClass);
    }

    /** One model per key, with {@code values} of the params; see {@link #factory}. */
    public KeyedModel<L> model(WithParams<?> values, long snapshotEvery) {
        return new KeyedModel<>(factory(values), task == Task.CLASSIFICATION, snapshotEvery);
    }

    /**
     * One model per key under online Platt scaling (Gupta and Ramdas, ICML 2023).
     *
     * @throws IllegalArgumentException if the learner is not {@link #calibratable()} or a value is invalid
     */
    public KeyedModel<?> calibratedModel(WithParams<?> values, OnlinePlattScaler.Calibeating calibeating,
            long snapshotEvery) {
        if (calibration == null) {
            throw new IllegalArgumentException("calibration applies to binary linear learners, not to " + name());
        }
        return calibration.model(factory(values)::create, calibeating, snapshotEvery);
    }
}
