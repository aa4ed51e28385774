package io.flinkdrift.jobs.conformal;

import io.flinkdrift.operators.conformal.ConformalBuilder;
import io.flinkdrift.operators.conformal.KeyedConformal;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The conformal risk control configuration (see {@code docs/conformal.md}): loss, risk level,
 * controller and its parameters, λ-grid and split, mapped onto a {@link ConformalBuilder}. A picocli
 * mixin of the {@code conformal} job, and the value of {@code classify}/{@code regress --conformal
 * NAME=VALUE,...} ({@link #parse}), read by the same picocli declarations. {@link #build} validates
 * everything before a job is submitted.
 */
public final class ConformalOptions {

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

    @Option(names = "--controller", paramLabel = "NAME", defaultValue = "nex-crc",
            description = "nex-crc (non-exchangeable CRC with --weights), aci (adaptive conformal inference over "
                    + "exponential, time or unit --weights, step --gamma), pid (conformal PID control, step --eta, "
                    + "integrator --integral-gain, --saturation), rho-experts (an online choice of rho among --rhos, "
                    + "experts weighted by --expert-rate and --share, adaptive level step --gamma). "
                    + "Default: ${DEFAULT-VALUE}.")
    public String controller = "nex-crc";

    @Option(names = "--gamma", paramLabel = "G", defaultValue = "0.05",
            description = "aci, rho-experts: step of the adaptive level (0 for rho-experts keeps it at alpha). "
                    + "Default: ${DEFAULT-VALUE}.")
    public double gamma = 0.05;

    @Option(names = "--eta", paramLabel = "E",
            description = "pid: proportional step, in units of lambda. Default: 0.05 times the grid's range.")
    public Double eta;

    @Option(names = "--integral-gain", paramLabel = "K", defaultValue = "0",
            description = "pid: integrator gain K_I (0: quantile tracking). Default: ${DEFAULT-VALUE}.")
    public double integralGain;

    @Option(names = "--saturation", paramLabel = "C", defaultValue = "1",
            description = "pid: integrator saturation C_sat. Default: ${DEFAULT-VALUE}.")
    public double saturation = 1;

    @Option(names = "--rhos", paramLabel = "RHO,...", split = ",", defaultValue = "0.98,0.99,0.995,0.998,0.999,1",
            description = "rho-experts: the rho grid. Default: ${DEFAULT-VALUE}.")
    public List<Double> rhos = new ArrayList<>(List.of(0.98, 0.99, 0.995, 0.998, 0.999, 1.0));

    @Option(names = "--expert-rate", paramLabel = "ETA", defaultValue = "100",
            description = "rho-experts: learning rate of the exponential weights. Default: ${DEFAULT-VALUE}.")
    public double expertRate = 100;

    @Option(names = "--share", paramLabel = "S", defaultValue = "0.05",
            description = "rho-experts: fixed-share mixing with uniform weights, in [0, 1). Default: ${DEFAULT-VALUE}.")
    public double share = 0.05;

    /**
     * Parses the compact form {@code NAME=VALUE,...} with the option names above without their
     * dashes, e.g. {@code alpha=0.1,rho=0.99,grid=0:5:251,controller=pid}; a list value separates its
     * items with {@code ;} (e.g. {@code rhos=0.99;0.999}). Unnamed options keep their defaults, except
     * the loss.
     *
     * @param defaultLoss the loss when {@code spec} names none
     * @throws IllegalArgumentException for an unknown name or a malformed value
     */
    public static ConformalOptions parse(String spec, String defaultLoss) {
        List<String> arguments = new ArrayList<>(List.of("--loss", defaultLoss));
        for (String pair : spec.split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("--conformal expects NAME=VALUE,..., got '" + pair + "'");
            }
            arguments.add("--" + pair.substring(0, equals).trim());
            arguments.add(pair.substring(equals + 1).trim().replace(';', ','));
        }
        ConformalOptions options = new ConformalOptions();
        try {
            // the spec's loss, if any, comes after the default one and wins
            new CommandLine(options).setOverwrittenOptionsAllowed(true).parseArgs(arguments.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException("--conformal: " + e.getMessage());
        }
        return options;
    }

    /** The loss of {@code --loss}. */
    public ConformalBuilder.Loss loss() {
        return ConformalBuilder.Loss.named(loss);
    }

    /** The builder these options describe. */
    public ConformalBuilder builder() {
        LambdaGridSpec gridSpec = gridSpec();
        ConformalBuilder builder = ConformalBuilder.forLoss(loss())
                .alpha(alpha)
                .bound(bound)
                .controller(ConformalBuilder.Controller.named(controller))
                .weights(ConformalBuilder.Weights.named(weights))
                .rho(rho)
                .tau(tau)
                .capacity(capacity)
                .bandwidth(bandwidth)
                .grid(gridSpec.first(), gridSpec.last(), gridSpec.size())
                .calibrateEvery(calibrateEvery)
                .gamma(gamma)
                .integrator(integralGain, saturation)
                .rhos(rhos.stream().mapToDouble(Double::doubleValue).toArray())
                .expertWeights(expertRate, share);
        return eta == null ? builder : builder.eta(eta);
    }

    /**
     * The validated keyed conformal step.
     *
     * @throws IllegalArgumentException naming the first invalid option, e.g. an α and ρ the
     *     calibration split can never meet
     */
    public KeyedConformal<?> build() {
        if (warmUp < 0) {
            throw new IllegalArgumentException("--warm-up must be >= 0, got " + warmUp);
        }
        return builder().build();
    }

    private LambdaGridSpec gridSpec() {
        String[] parts = grid.split(":");
        try {
            if (parts.length == 3) {
                return new LambdaGridSpec(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                        Integer.parseInt(parts[2]));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--grid must be FIRST:LAST:SIZE (numbers, SIZE an integer), got '"
                + grid + "'");
    }

    private record LambdaGridSpec(double first, double last, int size) {}
}
