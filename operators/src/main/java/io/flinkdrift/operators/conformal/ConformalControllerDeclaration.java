package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.conformal.RiskController;
import io.flinkdrift.core.conformal.RiskTarget;
import io.flinkdrift.operators.params.NamedParamDeclaration;
import io.flinkdrift.operators.params.ParamDeclaration;

import java.util.Map;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.WithParams;

/**
 * One risk controller of conformal risk control, declared once: its name, what it does, its params
 * (Flink ML {@link Param}s with defaults and validators, composed from shared mixin interfaces such
 * as {@link HasWeights}; every controller has the target α of {@link HasAlpha}, the λ-grid of {@link
 * HasLambdaGrid} and the split of {@link HasCalibrateEvery}) and how it is built from their values.
 * The controller's state format is its own ({@link RiskController#codecClass()}). The {@code
 * conformal} job's options and their {@code --help} text, {@code classify/regress --conformal},
 * {@link ConformalBuilder} and the SQL conformal functions are generated from the declarations of
 * {@link ConformalRegistry}. Immutable.
 */
public final class ConformalControllerDeclaration extends NamedParamDeclaration {

    /** Builds the controller for a target from the param values, validating them. */
    @FunctionalInterface
    public interface Binder {
        RiskController<?> bind(RiskTarget target, WithParams<?> params);
    }

    private final Binder binder;

    private ConformalControllerDeclaration(String name, String description, Map<Param<?>, Object> params,
            Binder binder) {
        super("controller", name, description, params);
        this.binder = binder;
    }

    /**
     * A controller, named as {@code --controller} takes it, with the params of {@link HasAlpha},
     * {@link HasLambdaGrid}, {@link HasCalibrateEvery} and {@code mixins}.
     */
    public static ConformalControllerDeclaration of(String name, String description, Binder binder,
            Class<?>... mixins) {
        Map<Param<?>, Object> params = ParamDeclaration.ofMixins(HasAlpha.class, HasLambdaGrid.class,
                HasCalibrateEvery.class);
        params.putAll(ParamDeclaration.ofMixins(mixins));
        return new ConformalControllerDeclaration(name, description, params, binder);
    }

    /**
     * The controller with {@code values} of its params, for a loss of bound {@code lossBound}.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public RiskController<?> controller(WithParams<?> values, double lossBound) {
        RiskTarget target = new RiskTarget(HasLambdaGrid.lambdaGrid(values), values.get(HasAlpha.ALPHA), lossBound);
        return binder.bind(target, values);
    }
}
