package io.flinkdrift.core.conformal;

import java.io.Serializable;

/**
 * Exponentially decaying calibration weights w<sub>i</sub> = exp(−rate · (p<sub>test</sub> −
 * p<sub>i</sub>)) over a stream position p: the maximum-entropy weights under a Lipschitz drift bound
 * (Farinhas et al., ICLR 2024, §3.2), w<sub>i</sub> = ρ<sup>n+1−i</sup>.
 *
 * <ul>
 *   <li>{@link #perArrival(double) perArrival(ρ)}: p is the 0-based arrival index of the element in
 *       its stream (every element counts, also those that train the model, as in the authors' code),
 *       weight ρ<sup>n−i</sup> for a test at index n; the paper uses ρ = 0.99;
 *   <li>{@link #perEventTime(double) perEventTime(τ)}: p is the event timestamp, weight
 *       exp(−Δt/τ), τ in the timestamps' unit;
 *   <li>{@link #none()}: unit weights, i.e. plain (exchangeable) conformal risk control.
 * </ul>
 *
 * <p>Immutable and serializable.
 */
public final class ExponentialDecay implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Sums are rebased before a weight ratio exceeds 2^256, far from double overflow. */
    private static final double MAX_LOG_WEIGHT_RATIO = 256 * Math.log(2);

    /** The stream position the decay runs on. */
    public enum Axis {
        /** The element's 0-based arrival index in its (keyed) stream. */
        ARRIVAL_INDEX,
        /** The element's event timestamp. */
        EVENT_TIME
    }

    private final Axis axis;
    /** ρ for {@link Axis#ARRIVAL_INDEX}, τ for {@link Axis#EVENT_TIME}, as configured. */
    private final double parameter;
    private final double rate;

    private ExponentialDecay(Axis axis, double parameter, double rate) {
        this.axis = axis;
        this.parameter = parameter;
        this.rate = rate;
    }

    /**
     * Weights ρ<sup>n−i</sup> by arrival index.
     *
     * @param rho the per-element decay ρ, in (0, 1]; 1 gives unit weights
     * @throws IllegalArgumentException if ρ is outside (0, 1]
     */
    public static ExponentialDecay perArrival(double rho) {
        if (!(rho > 0 && rho <= 1)) {
            throw new IllegalArgumentException("rho must be in (0, 1], got " + rho);
        }
        return new ExponentialDecay(Axis.ARRIVAL_INDEX, rho, -Math.log(rho));
    }

    /**
     * Weights exp(−(t<sub>test</sub> − t<sub>i</sub>)/τ) by event time. Several elements may share a
     * timestamp, so N<sub>w</sub> has no static ceiling and no configuration is refused; runtime
     * infeasibility is reported per query.
     *
     * @param tau the time constant τ, finite and &gt; 0, in the unit of the timestamps
     * @throws IllegalArgumentException if τ is not finite and positive
     */
    public static ExponentialDecay perEventTime(double tau) {
        if (!(tau > 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException("tau must be finite and > 0, got " + tau);
        }
        return new ExponentialDecay(Axis.EVENT_TIME, tau, 1 / tau);
    }

    /** Unit weights by arrival index (ρ = 1): plain conformal risk control. */
    public static ExponentialDecay none() {
        return perArrival(1);
    }

    public Axis axis() {
        return axis;
    }

    /** The weight of an element {@code lag} position units before the test element (lag may be negative). */
    public double weight(double lag) {
        return Math.exp(-rate * lag);
    }

    /**
     * The supremum of N<sub>w</sub> when calibration elements are at least {@code gap} arrival
     * indices apart (a {@link SplitRule#calibrationGap()}): ρ<sup>gap</sup>/(1 − ρ<sup>gap</sup>) by
     * arrival index (each index holds one element), about 49 for ρ = 0.99 and the alternating split,
     * infinite for ρ = 1; infinite by event time, where several elements may share a timestamp.
     *
     * @param gap &ge; 1
     */
    public double maxWeightSum(int gap) {
        if (gap < 1) {
            throw new IllegalArgumentException("gap must be >= 1, got " + gap);
        }
        if (axis == Axis.EVENT_TIME || rate == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double decayPerGap = Math.exp(-rate * gap);
        return decayPerGap / (1 - decayPerGap);
    }

    /** The largest position span over which weight ratios stay within 2^256 (infinite for unit weights). */
    double rebaseSpan() {
        return rate == 0 ? Double.POSITIVE_INFINITY : MAX_LOG_WEIGHT_RATIO / rate;
    }

    @Override
    public String toString() {
        return axis == Axis.ARRIVAL_INDEX
                ? "ExponentialDecay{perArrival rho=" + parameter + '}'
                : "ExponentialDecay{perEventTime tau=" + parameter + '}';
    }
}
