package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.conformal.LabelledElement;
import io.flinkdrift.core.conformal.LambdaSelection;
import io.flinkdrift.core.conformal.RiskController;
import io.flinkdrift.core.conformal.SplitRule;
import io.flinkdrift.metrics.DriftMetrics;
import io.flinkdrift.operators.learning.ModelSnapshot;
import io.flinkdrift.operators.records.ConformalProgressCodec;
import io.flinkdrift.operators.state.CodecSerializer;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The one conformal code path of the keyed conformal functions, for any {@link RiskController}
 * (see {@code docs/conformal.md}): for each element of a key, in arrival order,
 * <ol>
 *   <li>give it the key's next 0-based stream index n (the arrival position of the weights; event-time
 *       weights use {@link Prediction#timestamp} instead);
 *   <li>select λ̂ from the calibration elements absorbed before it and attach C<sub>λ̂</sub>;
 *   <li>if it is labelled, record its realised loss L(λ̂) and the key's running mean of it;
 *   <li>if it is labelled, feed it back to the controller ({@link RiskController#update}), saying
 *       whether the {@link SplitRule} lets n calibrate.
 * </ol>
 * Elements whose index does not calibrate are the upstream model's training elements; a function
 * that also trains the model ({@link ConformalLearningFunction}) asks {@link #trains} first, so the
 * two roles never overlap. An element answered without its truth can get steps 3 and 4 later,
 * when its label arrives ({@link #resolve}, used by {@link DelayedLabelConformalFunction}). A
 * labelled element with an invalid truth (e.g. a negative class) gets
 * no loss, is not absorbed and is counted in the {@code rejected} metric.
 *
 * <p>State per key: the controller state through its codec, and a {@link ConformalProgress}, kept by a
 * {@link KeyedConformalState}: Flink keyed state for the DataStream functions ({@link
 * #open(RuntimeContext)}; the progress in the format of {@link ConformalProgressCodec}, state of
 * releases that kept it as a Flink POJO restores by migration), a process table function's state
 * for SQL.
 * Metrics, in {@code flinkdrift.conformal} ({@link DriftMetrics}): gauges {@code lambda}, {@code
 * width} (interval width or set size), {@code loss} and {@code runningRisk} (its key's) of the latest
 * element, {@code alpha} (the target risk) and {@code coverage}, the fraction of the labelled elements
 * of this subtask whose realised loss was 0 (truth inside the interval or set), since the task
 * started; counters {@code evaluated}, {@code covered}, {@code calibrated}, {@code infeasible},
 * {@code rejected}.
 *
 * @param <S> the controller state
 */
public final class KeyedConformal<S> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ConformalTask task;
    private final RiskController<S> control;
    private final SplitRule split;

    private transient KeyedConformalState<S> state;
    private transient double[] curve;
    private transient double[] gridValues;
    private transient Counter calibrated;
    private transient Counter infeasible;
    private transient Counter evaluated;
    private transient Counter covered;
    private transient Counter rejected;
    private transient volatile ConformalPrediction latest;

    /**
     * @throws IllegalArgumentException if an argument is null, the controller can never answer
     *     non-trivially under the split ({@link RiskController#checkFeasible}), or the task's loss
     *     bound differs from the controller target's B (the guarantee's premise)
     */
    public KeyedConformal(ConformalTask task, RiskController<S> control, SplitRule split) {
        if (task == null || control == null || split == null) {
            throw new IllegalArgumentException("task, control and split must not be null");
        }
        control.checkFeasible(split);
        if (task.lossBound() != control.target().lossBound()) {
            throw new IllegalArgumentException("the loss is bounded by B = " + task.lossBound()
                    + " but the risk target assumes B = " + control.target().lossBound());
        }
        this.task = task;
        this.control = control;
        this.split = split;
    }

    /** Registers keyed state and metrics; call from the function's {@code open}. */
    public void open(RuntimeContext context) {
        open(flinkState(context), context.getMetricGroup());
    }

    /**
     * {@link #open(RuntimeContext)} for an operator with bundled state access: the current key's
     * state is read once for a run of its elements and written once, by the returned state's {@link
     * BundledConformalState#store}, which the operator calls at the end of each key's run.
     */
    public BundledConformalState<S> openBundled(RuntimeContext context) {
        BundledConformalState<S> bundled = new BundledConformalState<>(flinkState(context));
        open(bundled, context.getMetricGroup());
        return bundled;
    }

    private KeyedConformalState<S> flinkState(RuntimeContext context) {
        ValueState<S> calibration = context.getState(
                new ValueStateDescriptor<>("conformal-calibration", calibrationSerializer()));
        ValueState<ConformalProgress> progress = context.getState(
                new ValueStateDescriptor<>("conformal-progress",
                        CodecSerializer.replacingPojo(ConformalProgress.class, ConformalProgressCodec.class)));
        return KeyedConformalState.of(calibration, progress);
    }

    /**
     * Reads and writes the current key's state through {@code state} and registers the metrics in
     * {@code metricGroup}; call once before the first element.
     */
    public void open(KeyedConformalState<S> state, MetricGroup metricGroup) {
        this.state = state;
        curve = new double[control.target().grid().size()];
        gridValues = control.target().grid().values();
        MetricGroup metrics = DriftMetrics.family(metricGroup, DriftMetrics.CONFORMAL);
        calibrated = metrics.counter("calibrated");
        infeasible = metrics.counter("infeasible");
        rejected = metrics.counter("rejected");
        evaluated = metrics.counter("evaluated");
        covered = metrics.counter("covered");
        double alpha = control.target().alpha();
        metrics.gauge("alpha", (Gauge<Double>) () -> alpha);
        metrics.gauge("lambda", (Gauge<Double>) () -> latest == null ? Double.NaN : latest.lambda);
        metrics.gauge("width", (Gauge<Double>) () -> latest == null ? Double.NaN : latest.size);
        metrics.gauge("loss", (Gauge<Double>) () -> latest == null ? Double.NaN : latest.loss);
        metrics.gauge("runningRisk", (Gauge<Double>) () -> latest == null ? Double.NaN : latest.runningRisk);
        metrics.gauge("coverage", (Gauge<Double>) () -> (double) covered.getCount() / evaluated.getCount());
    }

    /** The serializer of the controller state: its codec's version, then the codec's bytes. */
    public CodecSerializer<S> calibrationSerializer() {
        return new CodecSerializer<>(control.codecClass());
    }

    /** How predictions become sets and losses. */
    public ConformalTask task() {
        return task;
    }

    /** The index the current key's next element will get. */
    public long nextIndex() throws IOException {
        ConformalProgress p = state.progress();
        return p == null ? 0 : p.nextIndex;
    }

    /**
     * The current key's calibrated state after its elements so far, as model data: a {@link
     * ModelSnapshot} of {@code key} whose {@code modelVersion} is the number of the key's elements
     * (the index its next element gets) and whose state is a {@link ConformalCalibration} with event
     * time {@code timestamp}, in the format of {@link ConformalCalibration.Codec}. Call after {@link
     * #process} of one of the key's elements.
     *
     * @throws IllegalStateException if the current key has no element yet
     */
    public ModelSnapshot snapshot(String key, long timestamp) throws IOException {
        ConformalProgress p = state.progress();
        S calibration = state.calibration();
        if (p == null || calibration == null) {
            throw new IllegalStateException("snapshot() of a key with no element");
        }
        DataOutputSerializer bytes = new DataOutputSerializer(256);
        calibrationSerializer().serialize(calibration, bytes);
        return ModelSnapshot.of(key, p.nextIndex, timestamp, new ConformalCalibration.Codec(),
                new ConformalCalibration(p, timestamp, bytes.getCopyOfBuffer()));
    }

    /** Whether the element at {@code streamIndex} may train the upstream model. */
    public boolean trains(long streamIndex) {
        return split.trains(streamIndex);
    }

    /**
     * Runs the four steps above for the current key's next element.
     *
     * @param prediction the model output, with its truth or NaN
     * @param features the vector similarity weights compare (ignored by decaying weights)
     */
    public ConformalPrediction process(Prediction prediction, double[] features) throws IOException {
        ConformalProgress p = state.progress();
        if (p == null) {
            p = new ConformalProgress();
        }
        S calibration = state.calibration();
        if (calibration == null) {
            calibration = control.newState();
        }
        long index = p.nextIndex++;
        ConformalPrediction out = new ConformalPrediction(prediction);
        out.streamIndex = index;
        out.calibrates = split.calibrates(index);
        LambdaSelection selection = control.select(calibration, index, prediction.timestamp, features);
        out.lambda = selection.lambda();
        out.weightSum = selection.weightSum();
        out.infeasible = selection.infeasible();
        if (out.infeasible) {
            infeasible.inc();
        }
        task.describe(prediction, out.lambda, out);
        if (prediction.labelled() && lossCurve(prediction)) {
            out.loss = curve[selection.gridIndex()];
            countEvaluated(out.loss);
            p.evaluated++;
            p.lossSum += out.loss;
            control.update(calibration, new LabelledElement(
                    index, prediction.timestamp, features, curve, selection.gridIndex(), out.calibrates));
            if (out.calibrates) {
                calibrated.inc();
            }
        }
        out.runningRisk = p.evaluated == 0 ? Double.NaN : p.lossSum / p.evaluated;
        // Written back every time: the select of an infeasible query counts it in the state.
        state.update(calibration, p);
        latest = out;
        return out;
    }

    /**
     * Steps 3 and 4 for an element answered earlier without its truth, whose label came late: its
     * realised loss at the λ̂ it was shown enters the key's running risk and it is fed back to the
     * controller at its own position (the index or time it arrived at), which the weighted sums
     * handle exactly out of order.
     *
     * @param answer the answer {@link #process} gave the element (not modified)
     * @param features the vector given to {@link #process} for it
     * @param label the truth
     * @return a copy of {@code answer} with the label, the loss (NaN if the truth is invalid) and the
     *     key's running risk after it
     */
    public ConformalPrediction resolve(ConformalPrediction answer, double[] features, double label)
            throws IOException {
        ConformalProgress p = state.progress();
        S calibration = state.calibration();
        if (p == null || calibration == null) {
            throw new IllegalStateException("resolve() of an element its key never processed");
        }
        ConformalPrediction resolved = answer.copy();
        Prediction truth = resolved.toPrediction();
        task.attachTruth(label, truth);
        resolved.label = truth.label;
        resolved.positiveLabels = truth.positiveLabels;
        if (lossCurve(truth)) {
            int shown = gridIndex(answer.lambda);
            resolved.loss = curve[shown];
            countEvaluated(resolved.loss);
            p.evaluated++;
            p.lossSum += resolved.loss;
            control.update(calibration, new LabelledElement(
                    answer.streamIndex, answer.timestamp, features, curve, shown, answer.calibrates));
            if (answer.calibrates) {
                calibrated.inc();
            }
            state.update(calibration, p);
        }
        resolved.runningRisk = p.evaluated == 0 ? Double.NaN : p.lossSum / p.evaluated;
        return resolved;
    }

    private void countEvaluated(double loss) {
        evaluated.inc();
        if (loss == 0) {
            covered.inc();
        }
    }

    private int gridIndex(double lambda) {
        int index = Arrays.binarySearch(gridValues, lambda);
        if (index < 0) {
            throw new IllegalArgumentException("lambda " + lambda + " is not a grid value");
        }
        return index;
    }

    private boolean lossCurve(Prediction labelled) {
        try {
            task.lossCurve(labelled, control.target().grid(), curve);
            control.target().checkLossCurve(curve);
            return true;
        } catch (IllegalArgumentException e) {
            rejected.inc();
            return false;
        }
    }
}
