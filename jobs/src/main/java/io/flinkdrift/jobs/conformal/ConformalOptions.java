package io.flinkdrift.jobs.conformal;

import io.flinkdrift.core.conformal.AbsoluteIntervalLoss;
import io.flinkdrift.core.conformal.DecayWeightedRiskController;
import io.flinkdrift.core.conformal.ExponentialDecay;
import io.flinkdrift.core.conformal.IntervalMiscoverageLoss;
import io.flinkdrift.core.conformal.LambdaGrid;
import io.flinkdrift.core.conformal.RiskTarget;
import io.flinkdrift.core.conformal.Similarity;
import io.flinkdrift.core.conformal.SimilarityWeightedRiskController;
import io.flinkdrift.core.conformal.SplitRule;
import io.flinkdrift.operators.conformal.ConformalTask;
import io.flinkdrift.operators.conformal.KeyedConformal;
import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * The conformal risk control configuration (Farinhas et al., ICLR 2024; spec C): loss, risk level,
 * weights, λ-grid and split. A picocli mixin of the {@code conformal} job, and the value of {@code
 * classify}/{@code regress --conformal NAME=VALUE,...} ({@link #parse}), with the same names and
 * defaults. {@link #build} validates everything before a job is submitted.
 */
public final class ConformalOptions {

    /** Losses accepted by {@code --loss}. */
    public static final String LOSSES = "interval, absolute, set, fnr";

    @Option(names = "--loss", paramLabel = "NAME", defaultValue = "interval",
            description = "interval (regression miscoverage), absolute (distance of the truth to the interval, "
                    + "clipped to --bound), set (classification miscoverage), fnr (multilabel false-negative "
                    + "rate). Default: ${DEFAULT-VALUE}.")
    public String loss = "interval";

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.1",
            description = "Target expected loss, in (0, B). Default: ${DEFAULT-VALUE}.")
    public double alpha = 0.1;

    @Option(names = "--bound", paramLabel = "B", defaultValue = "1",
            description = "The loss bound B of --loss absolute (the others have B = 1). Default: ${DEFAULT-VALUE}.")
    public double bound = 1;

    @Option(names = "--weights", paramLabel = "KIND", defaultValue = "exponential",
            description = "exponential (rho^(n-i) by arrival index per key), time (exp(-dt/tau) by event time), "
                    + "unit (plain CRC), similarity (Gaussian kernel of the model outputs or features over "
                    + "the --capacity most recent calibration elements). Default: ${DEFAULT-VALUE}.")
    public String weights = "exponential";

    @Option(names = "--rho", paramLabel = "RHO", defaultValue = "0.99",
            description = "Decay per element of --weights exponential, in (0, 1]. Default: ${DEFAULT-VALUE}.")
    public double rho = 0.99;

    @Option(names = "--tau", paramLabel = "MS", defaultValue = "3600000",
            description = "Time constant of --weights time, in event-time milliseconds. Default: ${DEFAULT-VALUE}.")
    public double tau = 3_600_000;

    @Option(names = "--capacity", paramLabel = "N", defaultValue = "2500",
            description = "Calibration elements kept per key by --weights similarity. Default: ${DEFAULT-VALUE}.")
    public int capacity = 2500;

    @Option(names = "--bandwidth", paramLabel = "H", defaultValue = "1",
            description = "Bandwidth of the Gaussian kernel of --weights similarity. Default: ${DEFAULT-VALUE}.")
    public double bandwidth = 1;

    @Option(names = "--grid", paramLabel = "FIRST:LAST:SIZE", defaultValue = "0:1:101",
            description = "The lambda grid, SIZE evenly spaced values (interval half-widths, or set thresholds "
                    + "1 - lambda). Default: ${DEFAULT-VALUE}.")
    public String grid = "0:1:101";

    @Option(names = "--calibrate-every", paramLabel = "N", defaultValue = "2",
            description = "Per key, the labelled elements at indices 0, N, 2N, ... calibrate and the others train "
                    + "the model (2: even indices calibrate, odd train, as in the paper); 1 = all calibrate, for "
                    + "a model that never trains on this stream. Default: ${DEFAULT-VALUE}.")
    public int calibrateEvery = 2;

    @Option(names = "--warm-up", paramLabel = "N", defaultValue = "0",
            description = "The run summary leaves out each key's first N elements. Default: ${DEFAULT-VALUE}.")
    public long warmUp;

    /**
     * Parses the compact form {@code NAME=VALUE,...} with the option names above without their
     * dashes, e.g. {@code alpha=0.1,rho=0.99,grid=0:5:251}; unnamed options keep their defaults,
     * except the loss.
     *
     * @param defaultLoss the loss when {@code spec} names none
     * @throws IllegalArgumentException for an unknown name or a malformed value
     */
    public static ConformalOptions parse(String spec, String defaultLoss) {
        ConformalOptions options = new ConformalOptions();
        options.loss = defaultLoss;
        for (String pair : spec.split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("--conformal expects NAME=VALUE,..., got '" + pair + "'");
            }
            String name = pair.substring(0, equals).trim();
            String value = pair.substring(equals + 1).trim();
            switch (name) {
                case "loss" -> options.loss = value;
                case "alpha" -> options.alpha = number(name, value);
                case "bound" -> options.bound = number(name, value);
                case "weights" -> options.weights = value;
                case "rho" -> options.rho = number(name, value);
                case "tau" -> options.tau = number(name, value);
                case "capacity" -> options.capacity = intValue(name, value);
                case "bandwidth" -> options.bandwidth = number(name, value);
                case "grid" -> options.grid = value;
                case "calibrate-every" -> options.calibrateEvery = intValue(name, value);
                case "warm-up" -> options.warmUp = integer(name, value);
                default -> throw new IllegalArgumentException("--conformal: unknown name '" + name + "' (one of loss,"
                        + " alpha, bound, weights, rho, tau, capacity, bandwidth, grid, calibrate-every,"
                        + " warm-up)");
            }
        }
        return options;
    }

    /** Whether the loss makes intervals around a point prediction (otherwise sets over scores). */
    public boolean intervals() {
        return loss.equals("interval") || loss.equals("absolute");
    }

    /** The task of {@code --loss}. */
    public ConformalTask task() {
        switch (loss.toLowerCase(Locale.ROOT)) {
            case "interval":
                return ConformalTask.interval(new IntervalMiscoverageLoss());
            case "absolute":
                return ConformalTask.interval(new AbsoluteIntervalLoss(bound));
            case "set":
                return ConformalTask.classSet();
            case "fnr":
                return ConformalTask.labelSet();
            default:
                throw new IllegalArgumentException("--loss '" + loss + "' is not one of " + LOSSES);
        }
    }

    /**
     * The validated keyed conformal step.
     *
     * @throws IllegalArgumentException naming the first invalid option, e.g. an infeasible α and ρ
     *     (α·(ρ/(1−ρ)+1) ≤ B)
     */
    public KeyedConformal<?> build() {
        if (warmUp < 0) {
            throw new IllegalArgumentException("--warm-up must be >= 0, got " + warmUp);
        }
        ConformalTask task = task();
        RiskTarget target = new RiskTarget(grid(), alpha, task.lossBound());
        SplitRule split = SplitRule.calibrateEvery(calibrateEvery);
        switch (weights.toLowerCase(Locale.ROOT)) {
            case "exponential":
                return decay(task, target, ExponentialDecay.perArrival(rho), split);
            case "time":
                return decay(task, target, ExponentialDecay.perEventTime(tau), split);
            case "unit":
                return decay(task, target, ExponentialDecay.none(), split);
            case "similarity":
                return new KeyedConformal<>(task, new SimilarityWeightedRiskController(
                        target, capacity, Similarity.gaussian(bandwidth)), split);
            default:
                throw new IllegalArgumentException(
                        "--weights '" + weights + "' is not one of exponential, time, unit, similarity");
        }
    }

    private static KeyedConformal<?> decay(ConformalTask task, RiskTarget target, ExponentialDecay decay,
            SplitRule split) {
        return new KeyedConformal<>(task, new DecayWeightedRiskController(target, decay), split);
    }

    private LambdaGrid grid() {
        String[] parts = grid.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("--grid must be FIRST:LAST:SIZE, got '" + grid + "'");
        }
        return LambdaGrid.linspace(number("grid", parts[0]), number("grid", parts[1]), intValue("grid", parts[2]));
    }

    private static double number(String name, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not a number");
        }
    }

    private static int intValue(String name, String value) {
        long parsed = integer(name, value);
        if (parsed != (int) parsed) {
            throw new IllegalArgumentException(name + ": " + value + " is out of range");
        }
        return (int) parsed;
    }

    private static long integer(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not an integer");
        }
    }
}
