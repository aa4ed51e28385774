package io.flinkdrift.operators.conformal;

import io.flinkdrift.operators.CliNames;
import io.flinkdrift.core.conformal.AbsoluteIntervalLoss;
import io.flinkdrift.core.conformal.AdaptiveRiskController;
import io.flinkdrift.core.conformal.DecayWeightedRiskController;
import io.flinkdrift.core.conformal.ExponentialDecay;
import io.flinkdrift.core.conformal.IntervalMiscoverageLoss;
import io.flinkdrift.core.conformal.LambdaGrid;
import io.flinkdrift.core.conformal.PidRiskController;
import io.flinkdrift.core.conformal.RhoExpertsRiskController;
import io.flinkdrift.core.conformal.RiskController;
import io.flinkdrift.core.conformal.RiskTarget;
import io.flinkdrift.core.conformal.Similarity;
import io.flinkdrift.core.conformal.SimilarityWeightedRiskController;
import io.flinkdrift.core.conformal.SplitRule;


/**
 * Builds the keyed conformal step of the conformal operators ({@link ConformalFunction}, {@link
 * DelayedLabelConformalFunction}, the learners' {@code conformal(...)}) from a loss, a risk level, a
 * λ-grid, a controller and its parameters, each with the default the {@code conformal} job uses:
 *
 * <pre>{@code
 * KeyedConformal<?> conformal = ConformalBuilder.forLoss(ConformalBuilder.Loss.INTERVAL)
 *         .alpha(0.1).grid(0, 1, 101).controller(ConformalBuilder.Controller.PID)
 *         .build();
 * predictions.keyBy(p -> p.key).process(new ConformalFunction(conformal));
 * }</pre>
 *
 * The controllers and losses are declared once, in {@link Controller} and {@link Loss}; see {@code
 * docs/conformal.md} for their guarantees. {@link #build()} validates everything, so a job can refuse
 * a configuration before it starts.
 */
public final class ConformalBuilder {

    /** The losses, by their command-line name. */
    public enum Loss {
        /** Miscoverage of the interval [ŷ − λ, ŷ + λ] (regression), B = 1. */
        INTERVAL("interval", true),
        /** Distance of the truth to the interval, clipped to the {@link #bound(double) bound} B (regression). */
        ABSOLUTE("absolute", true),
        /** Miscoverage of the class set {k : p_k ≥ 1 − λ} (classification), B = 1. */
        SET("set", false),
        /** Multilabel false-negative rate of the label set {m : f_m ≥ 1 − λ}, B = 1. */
        FNR("fnr", false);

        private final String cliName;
        private final boolean intervals;

        Loss(String cliName, boolean intervals) {
            this.cliName = cliName;
            this.intervals = intervals;
        }

        public String cliName() {
            return cliName;
        }

        /** Whether the loss makes intervals around a point prediction (otherwise sets over scores). */
        public boolean intervals() {
            return intervals;
        }

        ConformalTask task(double bound) {
            switch (this) {
                case INTERVAL:
                    return ConformalTask.interval(new IntervalMiscoverageLoss());
                case ABSOLUTE:
                    return ConformalTask.interval(new AbsoluteIntervalLoss(bound));
                case SET:
                    return ConformalTask.classSet();
                default:
                    return ConformalTask.labelSet();
            }
        }

        /** The loss called {@code name} on the command line (case-insensitive). */
        public static Loss named(String name) {
            return CliNames.named(Loss.class, name, "loss", Loss::cliName);
        }
    }

    /** The calibration weights of the weighted-sum controllers, by their command-line name. */
    public enum Weights {
        /** ρ<sup>n−i</sup> by arrival index per key. */
        EXPONENTIAL("exponential"),
        /** exp(−Δt/τ) by event time. */
        TIME("time"),
        /** Unit weights: plain CRC. */
        UNIT("unit"),
        /** A Gaussian kernel of the model outputs over the most recent calibration elements. */
        SIMILARITY("similarity");

        private final String cliName;

        Weights(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        public static Weights named(String name) {
            return CliNames.named(Weights.class, name, "weights", Weights::cliName);
        }
    }

    /** The risk controllers, by their command-line name. */
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

        public static Controller named(String name) {
            return CliNames.named(Controller.class, name, "controller", Controller::cliName);
        }
    }

    private final Loss loss;
    private double alpha = 0.1;
    private double bound = 1;
    private Controller controller = Controller.NEX_CRC;
    private Weights weights = Weights.EXPONENTIAL;
    private double rho = 0.99;
    private double tau = 3_600_000;
    private int capacity = 2500;
    private double bandwidth = 1;
    private double gridFirst = 0;
    private double gridLast = 1;
    private int gridSize = 101;
    private int calibrateEvery = 2;
    private double gamma = 0.05;
    private double eta = Double.NaN;
    private double integralGain = 0;
    private double saturation = 1;
    private double[] rhos = {0.98, 0.99, 0.995, 0.998, 0.999, 1};
    private double expertRate = 100;
    private double share = 0.05;

    private ConformalBuilder(Loss loss) {
        if (loss == null) {
            throw new IllegalArgumentException("loss must not be null");
        }
        this.loss = loss;
    }

    /** A builder for {@code loss} with every other setting at its default. */
    public static ConformalBuilder forLoss(Loss loss) {
        return new ConformalBuilder(loss);
    }

    public Loss loss() {
        return loss;
    }

    /** The target risk α, in (0, B); default 0.1. */
    public ConformalBuilder alpha(double alpha) {
        this.alpha = alpha;
        return this;
    }

    /** B of {@link Loss#ABSOLUTE} (the other losses have B = 1); default 1. */
    public ConformalBuilder bound(double bound) {
        this.bound = bound;
        return this;
    }

    /** The controller; default {@link Controller#NEX_CRC}. */
    public ConformalBuilder controller(Controller controller) {
        this.controller = controller;
        return this;
    }

    /** The weights of {@link Controller#NEX_CRC} and {@link Controller#ACI}; default exponential. */
    public ConformalBuilder weights(Weights weights) {
        this.weights = weights;
        return this;
    }

    /** ρ of exponential weights, in (0, 1]; default 0.99. */
    public ConformalBuilder rho(double rho) {
        this.rho = rho;
        return this;
    }

    /** τ of time weights, in event-time milliseconds; default one hour. */
    public ConformalBuilder tau(double tau) {
        this.tau = tau;
        return this;
    }

    /** Calibration elements kept per key by similarity weights; default 2500. */
    public ConformalBuilder capacity(int capacity) {
        this.capacity = capacity;
        return this;
    }

    /** The Gaussian kernel bandwidth of similarity weights; default 1. */
    public ConformalBuilder bandwidth(double bandwidth) {
        this.bandwidth = bandwidth;
        return this;
    }

    /** The λ-grid, {@code size} evenly spaced values from {@code first} to {@code last}; default 0, 1, 101. */
    public ConformalBuilder grid(double first, double last, int size) {
        this.gridFirst = first;
        this.gridLast = last;
        this.gridSize = size;
        return this;
    }

    /** Per key, indices 0, N, 2N, ... calibrate and the others train the model; default 2. */
    public ConformalBuilder calibrateEvery(int period) {
        this.calibrateEvery = period;
        return this;
    }

    /** γ, the step of the adaptive level of {@link Controller#ACI} and {@link Controller#RHO_EXPERTS}; default 0.05. */
    public ConformalBuilder gamma(double gamma) {
        this.gamma = gamma;
        return this;
    }

    /** η, the proportional step of {@link Controller#PID} in units of λ; default 0.05 times the grid's range. */
    public ConformalBuilder eta(double eta) {
        this.eta = eta;
        return this;
    }

    /** K<sub>I</sub> and C<sub>sat</sub> of the integrator of {@link Controller#PID}; default 0 (off) and 1. */
    public ConformalBuilder integrator(double gain, double saturation) {
        this.integralGain = gain;
        this.saturation = saturation;
        return this;
    }

    /** The ρ grid of {@link Controller#RHO_EXPERTS}; default 0.98, 0.99, 0.995, 0.998, 0.999, 1. */
    public ConformalBuilder rhos(double... rhos) {
        this.rhos = rhos.clone();
        return this;
    }

    /** η and σ of the experts' exponential weights and fixed share; default 100 and 0.05. */
    public ConformalBuilder expertWeights(double learningRate, double share) {
        this.expertRate = learningRate;
        this.share = share;
        return this;
    }

    /** The λ-grid. @throws IllegalArgumentException if the grid settings are invalid */
    public LambdaGrid lambdaGrid() {
        return LambdaGrid.linspace(gridFirst, gridLast, gridSize);
    }

    /** The controller alone. @throws IllegalArgumentException naming the first invalid setting */
    public RiskController<?> riskController() {
        ConformalTask task = loss.task(bound);
        RiskTarget target = new RiskTarget(lambdaGrid(), alpha, task.lossBound());
        switch (controller) {
            case NEX_CRC:
                return weights == Weights.SIMILARITY
                        ? new SimilarityWeightedRiskController(target, capacity, Similarity.gaussian(bandwidth))
                        : new DecayWeightedRiskController(target, decay());
            case ACI:
                if (weights == Weights.SIMILARITY) {
                    throw new IllegalArgumentException("controller aci takes exponential, time or unit weights");
                }
                return new AdaptiveRiskController(new DecayWeightedRiskController(target, decay()), gamma);
            case PID:
                return new PidRiskController(target, Double.isNaN(eta) ? 0.05 * (gridLast - gridFirst) : eta,
                        integralGain, saturation);
            default:
                return new RhoExpertsRiskController(target, rhos, expertRate, share, gamma);
        }
    }

    private ExponentialDecay decay() {
        switch (weights) {
            case TIME:
                return ExponentialDecay.perEventTime(tau);
            case UNIT:
                return ExponentialDecay.none();
            default:
                return ExponentialDecay.perArrival(rho);
        }
    }

    /**
     * The validated keyed conformal step.
     *
     * @throws IllegalArgumentException naming the first invalid setting, e.g. a configuration the
     *     split can never meet
     */
    public KeyedConformal<?> build() {
        return keyed(loss.task(bound), riskController(), SplitRule.calibrateEvery(calibrateEvery));
    }

    private static <S> KeyedConformal<S> keyed(ConformalTask task, RiskController<S> controller, SplitRule split) {
        return new KeyedConformal<>(task, controller, split);
    }
}
