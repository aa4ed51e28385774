package io.flinkdrift.core.conformal;

import java.io.Serializable;

/**
 * Decides, from its 0-based stream index alone, whether a labelled element trains the upstream
 * model or calibrates the conformal controller. Split conformal risk control needs the two roles
 * disjoint: calibration losses must come from predictions of a model that never trained on those
 * elements (Farinhas et al., ICLR 2024, §4: "odd indices train, even indices calibrate").
 * Deterministic, so replays assign the same roles.
 */
@FunctionalInterface
public interface SplitRule extends Serializable {

    /** Whether the element at {@code streamIndex} calibrates (otherwise it trains the model). */
    boolean calibrates(long streamIndex);

    /** Whether the element at {@code streamIndex} trains the model: exactly when it does not calibrate. */
    default boolean trains(long streamIndex) {
        return !calibrates(streamIndex);
    }

    /** The paper's split and the default: even indices (0, 2, 4, ...) calibrate, odd indices train. */
    static SplitRule alternating() {
        return calibrateEvery(2);
    }

    /**
     * Indices that are multiples of {@code period} calibrate, all others train.
     *
     * @param period &ge; 1; 1 makes every element calibrate (for a model trained elsewhere)
     * @throws IllegalArgumentException if {@code period < 1}
     */
    static SplitRule calibrateEvery(int period) {
        if (period < 1) {
            throw new IllegalArgumentException("period must be >= 1, got " + period);
        }
        return new SplitRule() {
            private static final long serialVersionUID = 1L;

            @Override
            public boolean calibrates(long streamIndex) {
                return Math.floorMod(streamIndex, period) == 0;
            }

            @Override
            public int calibrationGap() {
                return period;
            }
        };
    }

    /**
     * The smallest number of stream positions between two calibrating elements: feasibility checks
     * bound the effective sample size with it (1, the default, assumes nothing).
     */
    default int calibrationGap() {
        return 1;
    }
}
