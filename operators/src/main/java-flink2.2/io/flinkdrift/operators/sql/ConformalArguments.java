package io.flinkdrift.operators.sql;

import io.flinkdrift.operators.conformal.ConformalBuilder;
import io.flinkdrift.operators.conformal.KeyedConformal;

import java.util.Arrays;
import java.util.Map;

/**
 * The {@code loss}, {@code controller} and {@code params} arguments of the conformal table
 * functions, mapped onto a {@link ConformalBuilder} as the {@code conformal} job maps its options:
 * the same names ({@code --calibrate-every} is {@code calibrateEvery}) and the same defaults.
 * {@code params} takes {@code alpha}, {@code bound}, {@code weights} ({@code exponential}, {@code
 * unit}, {@code similarity}), {@code rho}, {@code capacity}, {@code bandwidth}, {@code grid} ({@code
 * FIRST:LAST:SIZE}), {@code calibrateEvery}, {@code gamma}, {@code eta} and {@code rhos} (values
 * separated by {@code ;}). Time weights are not offered: the functions read no event time.
 */
final class ConformalArguments {

    private ConformalArguments() {}

    /**
     * The validated keyed conformal step.
     *
     * @param intervals whether the function makes intervals (losses {@code interval}, the default, and
     *     {@code absolute}) or sets (losses {@code set}, the default, and {@code fnr})
     * @param loss the loss name, or null
     * @param controller the controller name ({@code nex-crc} when null)
     * @param params the settings, or null
     * @throws IllegalArgumentException for an unknown or unfitting loss, an unknown controller or
     *     setting, or an invalid value
     */
    static KeyedConformal<?> bind(boolean intervals, String loss, String controller, String params) {
        ConformalBuilder.Loss chosen = loss == null
                ? (intervals ? ConformalBuilder.Loss.INTERVAL : ConformalBuilder.Loss.SET)
                : ConformalBuilder.Loss.named(loss.trim());
        if (chosen.intervals() != intervals) {
            throw new IllegalArgumentException("loss " + chosen.cliName() + " makes "
                    + (intervals ? "sets, not intervals: the losses of intervals are interval and absolute"
                            : "intervals, not sets: the losses of sets are set and fnr"));
        }
        ConformalBuilder builder = ConformalBuilder.forLoss(chosen);
        if (controller != null) {
            builder.controller(ConformalBuilder.Controller.named(controller.trim()));
        }
        for (Map.Entry<String, String> pair : SettingPairs.parse(params).entrySet()) {
            set(builder, pair.getKey(), pair.getValue());
        }
        return builder.build();
    }

    private static void set(ConformalBuilder builder, String name, String value) {
        switch (name) {
            case "alpha" -> builder.alpha(SettingPairs.number(name, value));
            case "bound" -> builder.bound(SettingPairs.number(name, value));
            case "weights" -> builder.weights(weights(value));
            case "rho" -> builder.rho(SettingPairs.number(name, value));
            case "capacity" -> builder.capacity(whole(name, value));
            case "bandwidth" -> builder.bandwidth(SettingPairs.number(name, value));
            case "grid" -> grid(builder, value);
            case "calibrateEvery" -> builder.calibrateEvery(whole(name, value));
            case "gamma" -> builder.gamma(SettingPairs.number(name, value));
            case "eta" -> builder.eta(SettingPairs.number(name, value));
            case "rhos" -> builder.rhos(Arrays.stream(value.split(";"))
                    .mapToDouble(rho -> SettingPairs.number(name, rho.trim())).toArray());
            default -> throw new IllegalArgumentException("conformal control has no param '" + name
                    + "'; the params are alpha, bound, weights, rho, capacity, bandwidth, grid, calibrateEvery, "
                    + "gamma, eta, rhos");
        }
    }

    private static ConformalBuilder.Weights weights(String name) {
        ConformalBuilder.Weights weights = ConformalBuilder.Weights.named(name);
        if (weights == ConformalBuilder.Weights.TIME) {
            throw new IllegalArgumentException("weights time needs event time, which the SQL functions do not read;"
                    + " use exponential, unit or similarity");
        }
        return weights;
    }

    private static void grid(ConformalBuilder builder, String value) {
        String[] parts = value.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("param grid must be FIRST:LAST:SIZE, got '" + value + "'");
        }
        builder.grid(SettingPairs.number("grid", parts[0].trim()), SettingPairs.number("grid", parts[1].trim()),
                whole("grid", parts[2].trim()));
    }

    private static int whole(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("param " + name + ": '" + value + "' is not a whole number");
        }
    }
}
