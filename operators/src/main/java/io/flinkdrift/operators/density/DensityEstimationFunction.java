package io.flinkdrift.operators.density;

import io.flinkdrift.core.density.AdaptiveKernelDensityEstimator;
import io.flinkdrift.core.density.DensityEstimator;
import io.flinkdrift.core.density.GridBinning;
import io.flinkdrift.core.density.HistogramEstimator;
import io.flinkdrift.metrics.DriftMetrics;
import io.flinkdrift.operators.learning.ModelSnapshot;
import io.flinkdrift.operators.state.KeyedStateSpec;
import io.flinkdrift.records.Example;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
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
 * <p>{@link BundledDensityOperator} is the same with bundled state access.
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

    private final KeyedDensity<E> density;

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
        this.density = new KeyedDensity<>(factory, cadence, snapshotEvery);
    }

    @Override
    public void open(OpenContext openContext) {
        density.open(getRuntimeContext());
    }

    @Override
    public void processElement(Example example, Context ctx, Collector<DensityScore> out) throws Exception {
        E current = density.load(example);
        if (density.scoreThenAdd(current, example, out, ctx::output)) {
            density.store(current);
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
