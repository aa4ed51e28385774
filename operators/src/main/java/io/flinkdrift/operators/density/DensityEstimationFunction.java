package io.flinkdrift.operators.density;

import io.flinkdrift.core.density.AdaptiveKernelDensityEstimator;
import io.flinkdrift.core.density.DensityEstimator;
import io.flinkdrift.core.density.GridBinning;
import io.flinkdrift.core.density.HistogramEstimator;
import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.metrics.DriftMetrics;
import io.flinkdrift.operators.learning.ModelSnapshot;
import io.flinkdrift.operators.state.KeyedStateSpec;
import io.flinkdrift.records.Example;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.OutputTag;

/**
 * Keyed drift-aware density estimation (Mazzetto and Upfal, ICML 2023 / NeurIPS 2023;
 * docs/density.md) over the features of each key's examples, one {@link DensityEstimator} per key.
 *
 * <p>Outputs:
 * <ul>
 *   <li>main stream, one {@link DensityScore} per element: its log-density under the estimate
 *       <em>before</em> the element is added (an anomaly score; a low value is unusual), the window
 *       after it, and a drift flag when the adaptive window shrank at this element;
 *   <li>side output {@link #ESTIMATES}, one {@link DensityEstimate} after every {@code cadence}-th
 *       element a key's estimator accepted: the bin probabilities of a histogram estimator, or the
 *       kernel estimate evaluated at the cell centres of its grid;
 *   <li>side output {@link #SNAPSHOTS}, when {@code snapshotEvery > 0}: the key's estimator in its
 *       codec's format after every {@code snapshotEvery}-th element it accepted, its {@code
 *       modelVersion} being the number of elements accepted (the model data of the Flink ML density
 *       stages).
 * </ul>
 *
 * <p>The estimator lives in keyed state through its {@code StateCodec}, so it checkpoints and
 * restores exactly, on the heap and RocksDB backends alike; its memory is bounded by the
 * estimator's largest window. The cadence counts the elements the estimator accepted, which is part
 * of that state, so a restored job emits the estimates at the same elements. How often the adaptive
 * window is re-selected is the estimator's own configuration ({@code AdaptiveWindowConfig}).
 *
 * <p>Bad input never fails the job: an element the estimator cannot use (or whose dimension the
 * factory rejects for a key's first element) is scored NaN, not added, and flagged
 * {@code added = false}. Supported estimators are the {@link HistogramEstimator}s and
 * {@link AdaptiveKernelDensityEstimator}.
 *
 * <p>Metrics, in {@code flinkdrift.density} ({@link DriftMetrics}): gauges {@code window} (the window
 * after the latest element added) and {@code logDensity} (the latest element's score), counters
 * {@code elements} (scored), {@code driftEvents} (elements at which an adaptive window shrank) and
 * {@code outOfRange} (elements outside the estimator's support).
 *
 * @param <E> the estimator type
 */
public class DensityEstimationFunction<E extends DensityEstimator>
        extends KeyedProcessFunction<String, Example, DensityScore> {

    private static final long serialVersionUID = 1L;

    /** The side output of the periodic estimate snapshots. */
    public static final OutputTag<DensityEstimate> ESTIMATES =
            new OutputTag<>("density-estimates", TypeInformation.of(DensityEstimate.class));

    /** The side output of the estimator snapshots. */
    public static final OutputTag<ModelSnapshot> SNAPSHOTS =
            new OutputTag<>("density-snapshots", TypeInformation.of(ModelSnapshot.class));

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

    /**
     * @param factory creates each key's estimator
     * @param cadence emit an estimate after every {@code cadence}-th accepted element of a key, &ge; 1
     * @throws IllegalArgumentException when {@code factory} is null or {@code cadence < 1}
     */
    public DensityEstimationFunction(KeyedStateSpec<E> factory, long cadence) {
        this(factory, cadence, 0);
    }

    /**
     * @param factory creates each key's estimator
     * @param cadence emit an estimate after every {@code cadence}-th accepted element of a key, &ge; 1
     * @param snapshotEvery emit a {@link #SNAPSHOTS snapshot} after every {@code snapshotEvery}-th
     *     accepted element of a key; 0 = never
     * @throws IllegalArgumentException when {@code factory} is null, {@code cadence < 1} or {@code
     *     snapshotEvery < 0}
     */
    public DensityEstimationFunction(KeyedStateSpec<E> factory, long cadence, long snapshotEvery) {
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

    @Override
    public void open(OpenContext openContext) {
        estimator = getRuntimeContext().getState(factory.descriptor("density-estimator"));
        codec = InstantiationUtil.instantiate(factory.codecClass());
        MetricGroup metrics = DriftMetrics.family(getRuntimeContext().getMetricGroup(), DriftMetrics.DENSITY);
        elements = metrics.counter("elements");
        driftEvents = metrics.counter("driftEvents");
        outOfRange = metrics.counter("outOfRange");
        latestLogDensity = Double.NaN;
        metrics.gauge("window", (Gauge<Integer>) () -> latestWindow);
        metrics.gauge("logDensity", (Gauge<Double>) () -> latestLogDensity);
    }

    @Override
    public void processElement(Example example, Context ctx, Collector<DensityScore> out) throws Exception {
        DensityScore score = new DensityScore();
        score.id = example.id;
        score.key = example.key;
        score.timestamp = example.timestamp;
        score.concept = example.concept;
        E current = estimator.value();
        if (current == null) {
            try {
                current = factory.create(example.features.length);
            } catch (IllegalArgumentException unusableDimension) {
                score.logDensity = Double.NaN;
                count(score);
                out.collect(score);
                return;
            }
        }
        scoreThenAdd(current, example.features, score);
        count(score);
        out.collect(score);
        if (score.added) {
            estimator.update(current);
            if (current.elementsSeen() % cadence == 0) {
                ctx.output(ESTIMATES, estimate(current, example));
            }
            if (snapshotEvery > 0 && current.elementsSeen() % snapshotEvery == 0) {
                ctx.output(SNAPSHOTS, ModelSnapshot.of(example.key, current.elementsSeen(), example.timestamp,
                        codec, current));
            }
        }
    }

    /**
     * Scores {@code features} under {@code current} as it is, then adds them: sets the score's
     * log-density, out-of-range flag, whether it was added, the window after it and the drift flag.
     */
    public static void scoreThenAdd(DensityEstimator current, double[] features, DensityScore score) {
        score.logDensity = current.logDensity(features);
        score.outOfRange = !current.covers(features);
        int windowBefore = current.window();
        score.added = current.add(features);
        score.window = current.window();
        score.drift = score.added && current.driftDetected() && score.window < windowBefore;
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

    /** The snapshot of {@code current} after {@code example}. */
    static DensityEstimate estimate(DensityEstimator current, Example example) {
        DensityEstimate estimate = new DensityEstimate();
        estimate.key = example.key;
        estimate.id = example.id;
        estimate.timestamp = example.timestamp;
        estimate.elementsSeen = current.elementsSeen();
        estimate.window = current.window();
        estimate.driftDetected = current.driftDetected();
        if (current instanceof HistogramEstimator) {
            estimate.probabilities = ((HistogramEstimator) current).probabilities();
        } else if (current instanceof AdaptiveKernelDensityEstimator) {
            AdaptiveKernelDensityEstimator kde = (AdaptiveKernelDensityEstimator) current;
            GridBinning grid = kde.grid();
            estimate.gridDensity = new double[grid.numBins()];
            for (int cell = 0; cell < grid.numBins(); cell++) {
                estimate.gridDensity[cell] = kde.density(grid.cellCenter(cell));
            }
        } else {
            throw new IllegalStateException("No estimate snapshot for " + current.getClass().getName());
        }
        return estimate;
    }
}
