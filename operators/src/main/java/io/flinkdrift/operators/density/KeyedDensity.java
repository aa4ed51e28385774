package io.flinkdrift.operators.density;

import io.flinkdrift.core.density.DensityEstimator;
import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.metrics.DriftMetrics;
import io.flinkdrift.operators.learning.KeyedModel.SideOutputs;
import io.flinkdrift.operators.learning.ModelSnapshot;
import io.flinkdrift.operators.state.KeyedStateSpec;
import io.flinkdrift.records.Example;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;

import java.io.IOException;
import java.io.Serializable;

/**
 * The one score-then-add code path of {@link DensityEstimationFunction} (record at a time) and
 * {@link BundledDensityOperator} (a bundle's elements of one key on one read of its state): the
 * current key's estimator in keyed value state {@code density-estimator}, and what scoring one
 * element emits (its {@link DensityScore}, and when due an estimate and a snapshot). The contract
 * is {@link DensityEstimationFunction}'s.
 *
 * <p>Used on the key of the element being processed (in a bundle, the key the operator set);
 * {@link #open} must be called from the operator's {@code open}.
 *
 * @param <E> the estimator type
 */
final class KeyedDensity<E extends DensityEstimator> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final KeyedStateSpec<E> factory;
    private final long cadence;
    private final long snapshotEvery;

    private transient ValueState<E> estimator;
    private transient StateCodec<E> codec;
    private transient Counter elements;
    private transient Counter driftEvents;
    private transient Counter outOfRange;
    private transient volatile int latestWindow;
    private transient volatile double latestLogDensity;

    /** @see DensityEstimationFunction#DensityEstimationFunction(KeyedStateSpec, long, long) */
    KeyedDensity(KeyedStateSpec<E> factory, long cadence, long snapshotEvery) {
        if (factory == null) {
            throw new IllegalArgumentException("factory must not be null");
        }
        if (cadence < 1) {
            throw new IllegalArgumentException("cadence must be >= 1, got " + cadence);
        }
        if (snapshotEvery < 0) {
            throw new IllegalArgumentException("snapshotEvery must be >= 0 (0 = never), got " + snapshotEvery);
        }
        this.factory = factory;
        this.cadence = cadence;
        this.snapshotEvery = snapshotEvery;
    }

    /** Registers the estimator state and the metrics. */
    void open(RuntimeContext context) {
        estimator = context.getState(factory.descriptor("density-estimator"));
        codec = InstantiationUtil.instantiate(factory.codecClass());
        MetricGroup metrics = DriftMetrics.family(context.getMetricGroup(), DriftMetrics.DENSITY);
        elements = metrics.counter("elements");
        driftEvents = metrics.counter("driftEvents");
        outOfRange = metrics.counter("outOfRange");
        latestLogDensity = Double.NaN;
        metrics.gauge("window", (Gauge<Integer>) () -> latestWindow);
        metrics.gauge("logDensity", (Gauge<Double>) () -> latestLogDensity);
    }

    /**
     * The current key's estimator from state or, before its first accepted element, a new one for
     * {@code example}'s dimension; null if the factory rejects that dimension.
     */
    E load(Example example) throws IOException {
        E current = estimator.value();
        if (current != null) {
            return current;
        }
        try {
            return factory.create(example.features.length);
        } catch (IllegalArgumentException unusableDimension) {
            return null;
        }
    }

    /** Writes the current key's estimator back to state. */
    void store(E current) throws IOException {
        estimator.update(current);
    }

    /**
     * Scores {@code example} under {@code current}, adds it, emits its score to {@code out} and,
     * when due, its estimate and snapshot to {@code side}; a null {@code current} scores NaN.
     *
     * @return whether {@code current} accepted the example (then it must be {@linkplain #store stored})
     */
    boolean scoreThenAdd(E current, Example example, Collector<DensityScore> out, SideOutputs side) {
        DensityScore score = new DensityScore();
        score.id = example.id;
        score.key = example.key;
        score.timestamp = example.timestamp;
        score.concept = example.concept;
        if (current == null) {
            score.logDensity = Double.NaN;
            count(score);
            out.collect(score);
            return false;
        }
        DensityEstimationFunction.scoreThenAdd(current, example.features, score);
        count(score);
        out.collect(score);
        if (score.added) {
            if (current.elementsSeen() % cadence == 0) {
                side.output(DensityEstimationFunction.ESTIMATES, DensityEstimationFunction.estimate(current, example));
            }
            if (snapshotEvery > 0 && current.elementsSeen() % snapshotEvery == 0) {
                side.output(DensityEstimationFunction.SNAPSHOTS, ModelSnapshot.of(example.key, current.elementsSeen(),
                        example.timestamp, codec, current));
            }
        }
        return score.added;
    }

    private void count(DensityScore score) {
        elements.inc();
        latestLogDensity = score.logDensity;
        if (score.added) {
            latestWindow = score.window;
        }
        if (score.drift) {
            driftEvents.inc();
        }
        if (score.outOfRange) {
            outOfRange.inc();
        }
    }
}
