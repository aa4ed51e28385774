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
 * KeyedConformal<?> conformal = ConformalBuilder.forLoss(ConformalBuilder.Loss.INTERVAL)
 *         .alpha(0.1).grid(0, 1, 101).controller(ConformalBuilder.Controller.PID)
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

    /** The losses of {@link ConformalRegistry} as constants, by their command-line name. */
    public enum Loss {
        /** Miscoverage of the interval [ŷ − λ, ŷ + λ] (regression), B = 1. */
        INTERVAL("interval"),
        /** Distance of the truth to the interval, clipped to the {@link #bound(double) bound} B (regression). */
        ABSOLUTE("absolute"),
        /** Miscoverage of the class set {k : p_k ≥ 1 − λ} (classification), B = 1. */
        SET("set"),
        /** Multilabel false-negative rate of the label set {m : f_m ≥ 1 − λ}, B = 1. */
        FNR("fnr");

        private final String cliName;

        Loss(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        /** The loss's declaration. */
        public ConformalLossDeclaration declaration() {
            return ConformalRegistry.loss(cliName);
        }
    }

    /** The calibration weights of the weighted-sum controllers ({@link HasWeights}), by their command-line name. */
    public enum Weights {
        /** ρ<sup>n−i</sup> by arrival index per key. */
        EXPONENTIAL(HasWeights.EXPONENTIAL),
        /** exp(−Δt/τ) by event time. */
        TIME(HasWeights.TIME),
        /** Unit weights: plain CRC. */
        UNIT(HasWeights.UNIT),
        /** A Gaussian kernel of the model outputs over the most recent calibration elements. */
        SIMILARITY(HasWeights.SIMILARITY);

        private final String cliName;

        Weights(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }
    }

    /** The risk controllers of {@link ConformalRegistry} as constants, by their command-line name. */
    public enum Controller {
        /** Non-exchangeable conformal risk control (Farinhas et al., ICLR 2024) with the {@link Weights}. */
        NEX_CRC("nex-crc"),
        /** Adaptive conformal inference (Gibbs and Candès 2021) over exponential, time or unit weights. */
        ACI("aci"),
        /** Conformal PID control (Angelopoulos, Candès and Tibshirani 2023). */
        PID("pid"),
        /** An online choice of ρ: exponentially weighted experts over a ρ grid with an adaptive level. */
        RHO_EXPERTS("rho-experts");

        private final String cliName;

        Controller(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        /** The controller's declaration. */
        public ConformalControllerDeclaration declaration() {
            return ConformalRegistry.controller(cliName);
        }
    }

    private final ConformalLossDeclaration loss;
    private ConformalControllerDeclaration controller = ConformalRegistry.controller(ConformalRegistry.DEFAULT_CONTROLLER);
    private final Map<Param<?>, Object> given = new LinkedHashMap<>();

    private ConformalBuilder(ConformalLossDeclaration loss) {
        if (loss == null) {
            throw new IllegalArgumentException("loss must not be null");
        }
        this.loss = loss;
    }

    /** A builder for {@code loss} with every other setting at its default. */
    public static ConformalBuilder forLoss(Loss loss) {
        if (loss == null) {
            throw new IllegalArgumentException("loss must not be null");
        }
        return of(loss.declaration());
    }

    /** A builder for {@code loss} and the default controller, every param at its default. */
    public static ConformalBuilder of(ConformalLossDeclaration loss) {
        return new ConformalBuilder(loss);
    }

    public ConformalLossDeclaration loss() {
        return loss;
    }

    public ConformalControllerDeclaration controller() {
        return controller;
    }

    /** The controller; default {@code nex-crc}. */
    public ConformalBuilder controller(Controller controller) {
        if (controller == null) {
            throw new IllegalArgumentException("controller must not be null");
        }
        return controller(controller.declaration());
    }

    /** The controller; default {@code nex-crc}. */
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

    /** B of {@link Loss#ABSOLUTE} (the other losses have B = 1); default 1. */
    public ConformalBuilder bound(double bound) {
        return set(HasLossBound.BOUND, bound);
    }

    /** The weights of {@link Controller#NEX_CRC} and {@link Controller#ACI}; default exponential. */
    public ConformalBuilder weights(Weights weights) {
        return set(HasWeights.WEIGHTS, weights.cliName());
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

    /** γ, the step of the adaptive level of {@link Controller#ACI} and {@link Controller#RHO_EXPERTS}; default 0.05. */
    public ConformalBuilder gamma(double gamma) {
        return set(HasGamma.GAMMA, gamma);
    }

    /** η, the proportional step of {@link Controller#PID} in units of λ; default 0.05 times the grid's range. */
    public ConformalBuilder eta(double eta) {
        return set(HasPidGains.ETA, eta);
    }

    /** K<sub>I</sub> and C<sub>sat</sub> of the integrator of {@link Controller#PID}; default 0 (off) and 1. */
    public ConformalBuilder integrator(double gain, double saturation) {
        return set(HasPidGains.INTEGRAL_GAIN, gain).set(HasPidGains.SATURATION, saturation);
    }

    /** The ρ grid of {@link Controller#RHO_EXPERTS}; default 0.98, 0.99, 0.995, 0.998, 0.999, 1. */
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
