package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.conformal.LambdaGrid;
import io.flinkdrift.core.conformal.RiskController;
import io.flinkdrift.core.conformal.SplitRule;
import io.flinkdrift.operators.learners.ParamValues;
import io.flinkdrift.operators.params.ParamDeclaration;
import io.flinkdrift.operators.params.ParamText;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.WithParams;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the keyed conformal step of the conformal operators ({@link ConformalFunction}, {@link
 * DelayedLabelConformalFunction}, the learners' {@code conformal(...)}) from a loss and a controller
 * of {@link ConformalRegistry} and values of their params, each left out keeping the default the
 * {@code conformal} job uses:
 *
 * <pre>{@code
 * KeyedConformal<?> conformal = ConformalBuilder.forLoss(ConformalRegistry.INTERVAL)
 *         .alpha(0.1).grid(0, 1, 101).controller(ConformalRegistry.PID)
 *         .build();
 * predictions.keyBy(p -> p.key).process(new ConformalFunction(conformal));
 * }</pre>
 *
 * The controllers, losses and their params are declared once, in {@link ConformalRegistry}; see
 * {@code docs/conformal.md} for their guarantees. {@link #build()} validates everything, so a job can
 * refuse a configuration before it starts; a setting that neither the chosen controller nor the
 * loss takes is refused.
 */
public final class ConformalBuilder {

    private final ConformalLossDeclaration loss;
    private ConformalControllerDeclaration controller = ConformalRegistry.NEX_CRC;
    private final Map<Param<?>, Object> given = new LinkedHashMap<>();

    private ConformalBuilder(ConformalLossDeclaration loss) {
        if (loss == null) {
            throw new IllegalArgumentException("loss must not be null");
        }
        this.loss = loss;
    }

    /**
     * A builder for {@code loss} (one of {@link ConformalRegistry#LOSSES}, e.g. {@link
     * ConformalRegistry#INTERVAL}) and the default controller, every param at its default.
     */
    public static ConformalBuilder forLoss(ConformalLossDeclaration loss) {
        return new ConformalBuilder(loss);
    }

    public ConformalLossDeclaration loss() {
        return loss;
    }

    public ConformalControllerDeclaration controller() {
        return controller;
    }

    /**
     * The controller, one of {@link ConformalRegistry#CONTROLLERS} (e.g. {@link ConformalRegistry#PID});
     * default {@link ConformalRegistry#NEX_CRC}.
     */
    public ConformalBuilder controller(ConformalControllerDeclaration controller) {
        if (controller == null) {
            throw new IllegalArgumentException("controller must not be null");
        }
        this.controller = controller;
        return this;
    }

    /**
     * Sets {@code param}, a param of the controller or the loss (checked by {@link #build()}).
     *
     * @throws IllegalArgumentException if the value is invalid
     */
    public <V> ConformalBuilder set(Param<V> param, V value) {
        ParamText.validated(param, value, "param " + param.name);
        given.put(param, value);
        return this;
    }

    /**
     * Sets the param called {@code name} from {@code text}, as the SQL functions' {@code params} and
     * {@code --conformal} give it ({@link ParamText}).
     *
     * @throws IllegalArgumentException if no controller or loss has such a param or the value is invalid
     */
    public ConformalBuilder set(String name, String text) {
        return setText(ConformalRegistry.param(name), text);
    }

    private <V> ConformalBuilder setText(Param<V> param, String text) {
        return set(param, ParamText.value(param, text));
    }

    /** Sets every param of {@code values}, e.g. those of a command line. */
    public ConformalBuilder setAll(WithParams<?> values) {
        given.putAll(values.getParamMap());
        return this;
    }

    /** The target risk α, in (0, B); default 0.1. */
    public ConformalBuilder alpha(double alpha) {
        return set(HasAlpha.ALPHA, alpha);
    }

    /** B of {@link ConformalRegistry#ABSOLUTE} (the other losses have B = 1); default 1. */
    public ConformalBuilder bound(double bound) {
        return set(HasLossBound.BOUND, bound);
    }

    /**
     * The weights of {@link ConformalRegistry#NEX_CRC} and {@link ConformalRegistry#ACI}, one of {@link
     * HasWeights#KINDS} (e.g. {@link HasWeights#TIME}); default exponential.
     *
     * @throws IllegalArgumentException if {@code kind} is none of them
     */
    public ConformalBuilder weights(String kind) {
        return set(HasWeights.WEIGHTS, kind);
    }

    /** ρ of exponential weights, in (0, 1]; default 0.99. */
    public ConformalBuilder rho(double rho) {
        return set(HasWeights.RHO, rho);
    }

    /** τ of time weights, in event-time milliseconds; default one hour. */
    public ConformalBuilder tau(double tau) {
        return set(HasWeights.TAU, tau);
    }

    /** Calibration elements kept per key by similarity weights; default 2500. */
    public ConformalBuilder capacity(int capacity) {
        return set(HasSimilarity.CAPACITY, capacity);
    }

    /** The Gaussian kernel bandwidth of similarity weights; default 1. */
    public ConformalBuilder bandwidth(double bandwidth) {
        return set(HasSimilarity.BANDWIDTH, bandwidth);
    }

    /** The λ-grid, {@code size} evenly spaced values from {@code first} to {@code last}; default 0, 1, 101. */
    public ConformalBuilder grid(double first, double last, int size) {
        return set(HasLambdaGrid.GRID, HasLambdaGrid.text(first, last, size));
    }

    /** Per key, indices 0, N, 2N, ... calibrate and the others train the model; default 2. */
    public ConformalBuilder calibrateEvery(int period) {
        return set(HasCalibrateEvery.CALIBRATE_EVERY, period);
    }

    /**
     * γ, the step of the adaptive level of {@link ConformalRegistry#ACI} and {@link
     * ConformalRegistry#RHO_EXPERTS}; default 0.05.
     */
    public ConformalBuilder gamma(double gamma) {
        return set(HasGamma.GAMMA, gamma);
    }

    /**
     * η, the proportional step of {@link ConformalRegistry#PID} in units of λ; default 0.05 times the
     * grid's range.
     */
    public ConformalBuilder eta(double eta) {
        return set(HasPidGains.ETA, eta);
    }

    /** K<sub>I</sub> and C<sub>sat</sub> of the integrator of {@link ConformalRegistry#PID}; default 0 (off) and 1. */
    public ConformalBuilder integrator(double gain, double saturation) {
        return set(HasPidGains.INTEGRAL_GAIN, gain).set(HasPidGains.SATURATION, saturation);
    }

    /** The ρ grid of {@link ConformalRegistry#RHO_EXPERTS}; default 0.98, 0.99, 0.995, 0.998, 0.999, 1. */
    public ConformalBuilder rhos(double... rhos) {
        return set(HasRhoExperts.RHOS, Arrays.stream(rhos).boxed().toArray(Double[]::new));
    }

    /** η and σ of the experts' exponential weights and fixed share; default 100 and 0.05. */
    public ConformalBuilder expertWeights(double learningRate, double share) {
        return set(HasRhoExperts.EXPERT_RATE, learningRate).set(HasRhoExperts.SHARE, share);
    }

    /**
     * The values of the loss's params: its defaults, changed by the settings given.
     *
     * @throws IllegalArgumentException for a setting that neither the controller nor the loss takes
     */
    public ParamValues lossValues() {
        return values(loss);
    }

    /**
     * The values of the controller's params: its defaults, changed by the settings given.
     *
     * @throws IllegalArgumentException for a setting that neither the controller nor the loss takes
     */
    public ParamValues controllerValues() {
        return values(controller);
    }

    private ParamValues values(ParamDeclaration declaration) {
        ParamValues values = declaration.defaultValues();
        for (Map.Entry<Param<?>, Object> setting : given.entrySet()) {
            Param<?> param = setting.getKey();
            if (declaration.params().containsKey(param)) {
                values.getParamMap().put(param, setting.getValue());
            } else if (!loss.params().containsKey(param) && !controller.params().containsKey(param)) {
                throw new IllegalArgumentException("param " + param.name + " does not apply to controller "
                        + controller.name() + " or loss " + loss.name());
            }
        }
        return values;
    }

    /** The λ-grid. @throws IllegalArgumentException if the grid settings are invalid */
    public LambdaGrid lambdaGrid() {
        return HasLambdaGrid.lambdaGrid(controllerValues());
    }

    /** The task of the loss. @throws IllegalArgumentException naming the first invalid setting */
    public ConformalTask task() {
        return loss.task(lossValues());
    }

    /** The controller alone. @throws IllegalArgumentException naming the first invalid setting */
    public RiskController<?> riskController() {
        return controller.controller(controllerValues(), task().lossBound());
    }

    /**
     * The validated keyed conformal step.
     *
     * @throws IllegalArgumentException naming the first invalid setting, e.g. a configuration the
     *     split can never meet
     */
    public KeyedConformal<?> build() {
        ParamValues controllerValues = controllerValues();
        ConformalTask task = task();
        return keyed(task, controller.controller(controllerValues, task.lossBound()),
                SplitRule.calibrateEvery(controllerValues.get(HasCalibrateEvery.CALIBRATE_EVERY)));
    }

    private static <S> KeyedConformal<S> keyed(ConformalTask task, RiskController<S> controller, SplitRule split) {
        return new KeyedConformal<>(task, controller, split);
    }
}
