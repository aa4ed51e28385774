package io.flinkdrift.operators.sql;

import io.flinkdrift.operators.conformal.ConformalBuilder;
import io.flinkdrift.operators.conformal.ConformalLossDeclaration;
import io.flinkdrift.operators.conformal.ConformalRegistry;
import io.flinkdrift.operators.conformal.HasWeights;
import io.flinkdrift.operators.conformal.KeyedConformal;
import io.flinkdrift.operators.conformal.ConformalLossDeclaration.Answers;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code loss}, {@code controller} and {@code params} arguments of the conformal table
 * functions: a loss and a controller of {@link ConformalRegistry} and {@code name=value} pairs of
 * their params, named as in their declarations ({@code calibrateEvery}, {@code rhos} with values
 * separated by {@code ;}), with the defaults of the {@code conformal} job. Time weights are not
 * offered: the functions read no event time.
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
     *     setting, a setting neither takes, or an invalid value
     */
    static KeyedConformal<?> bind(boolean intervals, String loss, String controller, String params) {
        List<ConformalLossDeclaration> fitting = ConformalRegistry.LOSSES.stream()
                .filter(declaration -> declaration.intervals() == intervals)
                .collect(Collectors.toList());
        ConformalLossDeclaration chosen = loss == null ? fitting.get(0) : ConformalRegistry.loss(loss);
        if (!fitting.contains(chosen)) {
            throw new IllegalArgumentException("loss " + chosen.name() + " makes "
                    + (intervals ? "sets, not intervals: the losses of intervals are " : "intervals, not sets: "
                            + "the losses of sets are ")
                    + fitting.stream().map(ConformalLossDeclaration::name).collect(Collectors.joining(" and ")));
        }
        ConformalBuilder builder = ConformalBuilder.forLoss(chosen).controller(ConformalRegistry.controller(
                controller == null ? ConformalRegistry.DEFAULT_CONTROLLER : controller));
        SettingPairs.parse(params).forEach(builder::set);
        if (builder.controller().params().containsKey(HasWeights.WEIGHTS)
                && HasWeights.kind(builder.controllerValues()).equals(HasWeights.TIME)) {
            throw new IllegalArgumentException("weights time needs event time, which the SQL functions do not read;"
                    + " use exponential, unit or similarity");
        }
        return builder.build();
    }
}
