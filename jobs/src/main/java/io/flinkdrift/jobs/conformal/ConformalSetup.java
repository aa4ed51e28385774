package io.flinkdrift.jobs.conformal;

import io.flinkdrift.operators.conformal.ConformalBuilder;
import io.flinkdrift.operators.conformal.KeyedConformal;

/**
 * The conformal risk control of a run: the builder of the keyed step (loss, controller and their
 * params) and the warm-up the run summary leaves out of each key.
 */
public record ConformalSetup(ConformalBuilder builder, long warmUp) {

    /**
     * The validated keyed conformal step.
     *
     * @throws IllegalArgumentException naming the first invalid setting, e.g. an α and ρ the
     *     calibration split can never meet
     */
    public KeyedConformal<?> build() {
        if (warmUp < 0) {
            throw new IllegalArgumentException("--warm-up must be >= 0, got " + warmUp);
        }
        return builder.build();
    }
}
