package io.flinkdrift.operators.learning;

import io.flinkdrift.core.learners.OnlineClassifier;
import io.flinkdrift.core.learners.OnlineLearner;
import io.flinkdrift.core.learners.OnlineRegressor;
import io.flinkdrift.metrics.DriftMetrics;
import io.flinkdrift.operators.evaluation.LabelDeadline;
import io.flinkdrift.operators.records.LabelCodec;
import io.flinkdrift.operators.records.PendingExampleCodec;
import io.flinkdrift.operators.state.CodecSerializer;
import io.flinkdrift.operators.state.KeyedStateSpec;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Label;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Keyed prequential learning with labels that arrive separately from their examples, joined by
 * {@link Example#id} == {@link Label#id}. Use on {@code examples.connect(labels).keyBy(e -> e.key,
 * l -> l.key)}: one model per key, kept by a {@link KeyedModel}.
 *
 * <p>Semantics, per key:
 *
 * <ul>
 *   <li>every example is predicted <b>when it arrives</b>, with the model as trained by every label
 *       that arrived before it, and the prediction is emitted at once (label NaN while unknown);
 *   <li>an example that carries its label, or whose label is already waiting, is then trained on
 *       immediately (plain prequential order);
 *   <li>an unlabelled example waits for its label; when the label arrives, the earlier prediction
 *       is emitted again with the label on {@link #LABELLED_PREDICTIONS} (for evaluation) and the
 *       model is trained on the example: <b>training follows label-arrival order</b>, not example
 *       order, and a model version counts labels received; a label the model refuses goes to
 *       {@link KeyedModel#REJECTED_LABELS} instead (and its prediction is not emitted again);
 *   <li>a label that arrives before its example waits for it, so the two inputs may be read at
 *       different speeds.
 * </ul>
 *
 * <p>Nothing disappears silently; all drops are counted in accumulators and in the metrics {@code
 * flinkdrift.labels.joined|dropped|orphaned} (labels joined, examples dropped, orphan labels):
 *
 * <ul>
 *   <li>an example (or early label) waits until the watermark reaches its timestamp plus {@code
 *       maxDelayMs}; then it leaves on {@link #DROPPED_EXAMPLES} ({@link DroppedExample.Reason#EXPIRED})
 *       or {@link #ORPHAN_LABELS}. One that is already past that deadline when it arrives leaves at once;
 *   <li>at most {@code maxPending} examples and {@code maxPending} early labels wait per key; a new
 *       one beyond that evicts the oldest (smallest timestamp, then id), an example as {@link
 *       DroppedExample.Reason#EVICTED}, a label to {@link #ORPHAN_LABELS};
 *   <li>an example whose id is already waiting is predicted but not kept ({@link
 *       DroppedExample.Reason#DUPLICATE}); a label whose id already has a waiting label, or whose
 *       value is NaN, is an orphan at once.
 * </ul>
 *
 * <p>State per key: the model, the waiting examples and labels in map state keyed by id (in the
 * formats of {@link PendingExampleCodec} and {@link LabelCodec}; state of releases that kept them as
 * Flink POJOs restores by migration), their counts, and one event-time timer per distinct deadline
 * with the number of waiting elements it holds; the timer is deleted with the last of them, so a key
 * with nothing waiting keeps only its model. A firing timer scans the key's waiting elements (at
 * most {@code 2 maxPending}), so keep {@code maxPending} in the thousands, not millions.
 *
 * @param <L> the learner type
 */
public class DelayedLabelLearningFunction<L extends OnlineLearner>
        extends DelayedLabelFunction<Example, Prediction> {

    private static final long serialVersionUID = 1L;

    /** Earlier predictions, now carrying the label that arrived after them. */
    public static final OutputTag<Prediction> LABELLED_PREDICTIONS =
            new OutputTag<>("labelled-predictions", TypeInformation.of(Prediction.class));

    /** Examples that were predicted but never trained on. */
    public static final OutputTag<DroppedExample> DROPPED_EXAMPLES =
            new OutputTag<>("dropped-examples", TypeInformation.of(DroppedExample.class));

    /** Labels whose example did not arrive in time, duplicates, NaN labels and evicted early labels. */
    public static final OutputTag<Label> ORPHAN_LABELS =
            new OutputTag<>("orphan-labels", TypeInformation.of(Label.class));

    /** Accumulator counting {@link #DROPPED_EXAMPLES}. */
    public static final String DROPPED_COUNTER = "labels.droppedExamples";

    /** Accumulator counting {@link #ORPHAN_LABELS}. */
    public static final String ORPHAN_COUNTER = "labels.orphans";

    /** Accumulator counting labels joined to a waiting example (or to an example arriving after them). */
    public static final String JOINED_COUNTER = "labels.joined";

    private final KeyedModel<L> model;
    private final LabelDeadline labelDeadline;
    private final int maxPending;

    private transient ModelRun<L> run;
    private transient MapState<Long, PendingExample> pendingExamples;
    private transient MapState<Long, Label> earlyLabels;
    private transient ValueState<Integer> pendingExampleCount;
    private transient ValueState<Integer> earlyLabelCount;
    private transient MapState<Long, Integer> timerHolds;
    private transient LongCounter dropped;
    private transient LongCounter orphans;
    private transient LongCounter joined;
    private transient Counter joinedMetric;
    private transient Counter droppedMetric;
    private transient Counter orphanedMetric;

    /**
     * @param maxDelayMs how long, in event time, an example waits for its label; &ge; 0
     * @param maxPending examples (and early labels) that may wait per key; &ge; 1
     * @throws IllegalArgumentException for a value out of range or a null model
     */
    public DelayedLabelLearningFunction(KeyedModel<L> model, long maxDelayMs, int maxPending) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        this.labelDeadline = new LabelDeadline(maxDelayMs);
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be >= 1, got " + maxPending);
        }
        this.model = model;
        this.maxPending = maxPending;
    }

    /** Delayed-label classification; {@code snapshotEvery} as {@link KeyedModel}. */
    public static <L extends OnlineClassifier> DelayedLabelLearningFunction<L> classifier(
            KeyedStateSpec<L> factory, long maxDelayMs, int maxPending, long snapshotEvery) {
        return new DelayedLabelLearningFunction<>(
                new KeyedModel<>(factory, true, snapshotEvery), maxDelayMs, maxPending);
    }

    /** Delayed-label regression; {@code snapshotEvery} as {@link KeyedModel}. */
    public static <L extends OnlineRegressor> DelayedLabelLearningFunction<L> regressor(
            KeyedStateSpec<L> factory, long maxDelayMs, int maxPending, long snapshotEvery) {
        return new DelayedLabelLearningFunction<>(
                new KeyedModel<>(factory, false, snapshotEvery), maxDelayMs, maxPending);
    }

    /** Registers the state and metrics in {@code context}: of this function, or of a bundled operator running it. */
    @Override
    protected void open(RuntimeContext context) {
        model.open(context);
        run = new ModelRun<>(model);
        pendingExamples = context.getMapState(new MapStateDescriptor<>("pending-examples",
                LongSerializer.INSTANCE, CodecSerializer.replacingPojo(PendingExample.class, PendingExampleCodec.class)));
        earlyLabels = context.getMapState(new MapStateDescriptor<>("early-labels",
                LongSerializer.INSTANCE, CodecSerializer.replacingPojo(Label.class, LabelCodec.class)));
        pendingExampleCount = context.getState(new ValueStateDescriptor<>("pending-examples-count", Types.INT));
        earlyLabelCount = context.getState(new ValueStateDescriptor<>("early-labels-count", Types.INT));
        timerHolds = context.getMapState(new MapStateDescriptor<>("timer-holds", Types.LONG, Types.INT));
        dropped = context.getLongCounter(DROPPED_COUNTER);
        orphans = context.getLongCounter(ORPHAN_COUNTER);
        joined = context.getLongCounter(JOINED_COUNTER);
        MetricGroup labels = DriftMetrics.family(context.getMetricGroup(), DriftMetrics.LABELS);
        joinedMetric = labels.counter("joined");
        droppedMetric = labels.counter("dropped");
        orphanedMetric = labels.counter("orphaned");
    }

    /**
     * Ends a run of the current key's elements: writes the key's model if it learned. The model is
     * read at the first element of a run; a run is one element here, a key's elements of a bundle in
     * {@link BundledDelayedLabelOperator}.
     */
    @Override
    protected void finishKey() throws IOException {
        run.finish();
    }

    /** An example of the current key, in the run of its elements. */
    @Override
    protected void element(Example example, TimerService timers, Collector<Prediction> out, KeyedModel.SideOutputs side)
            throws Exception {
        if (example.labelled()) {
            run.predictThenLearn(example, example.label, out, side);
            return;
        }
        Label early = earlyLabels.get(example.id);
        if (early != null) {
            earlyLabels.remove(example.id);
            addToCount(earlyLabelCount, -1);
            releaseTimer(timers, labelDeadline.of(early.timestamp));
            countJoined();
            run.predictThenLearn(example, early.value, out, side);
            return;
        }
        Prediction prediction = run.predictThenLearn(example, Double.NaN, out, side);
        if (pendingExamples.contains(example.id)) {
            drop(side, example, DroppedExample.Reason.DUPLICATE);
        } else if (labelDeadline.of(example.timestamp) <= timers.currentWatermark()) {
            drop(side, example, DroppedExample.Reason.EXPIRED);
        } else {
            if (count(pendingExampleCount) >= maxPending) {
                PendingExample oldest = pendingExamples.get(oldestId(pendingExamples.entries(), pending -> pending.example.timestamp));
                pendingExamples.remove(oldest.example.id);
                addToCount(pendingExampleCount, -1);
                releaseTimer(timers, labelDeadline.of(oldest.example.timestamp));
                drop(side, oldest.example, DroppedExample.Reason.EVICTED);
            }
            pendingExamples.put(example.id, new PendingExample(example, prediction));
            addToCount(pendingExampleCount, 1);
            holdTimer(timers, labelDeadline.of(example.timestamp));
        }
    }

    /** A label of the current key, in the run of its elements. */
    @Override
    protected void label(Label label, TimerService timers, KeyedModel.SideOutputs side) throws Exception {
        PendingExample pending = Double.isNaN(label.value) ? null : pendingExamples.get(label.id);
        if (pending != null) {
            pendingExamples.remove(label.id);
            addToCount(pendingExampleCount, -1);
            releaseTimer(timers, labelDeadline.of(pending.example.timestamp));
            countJoined();
            if (run.learnLate(pending, label.value, label.timestamp, side)) {
                side.output(LABELLED_PREDICTIONS, pending.prediction.withLabel(label.value));
            }
        } else if (Double.isNaN(label.value) || earlyLabels.contains(label.id)
                || labelDeadline.of(label.timestamp) <= timers.currentWatermark()) {
            orphan(side, label);
        } else {
            if (count(earlyLabelCount) >= maxPending) {
                Label oldest = earlyLabels.get(oldestId(earlyLabels.entries(), waiting -> waiting.timestamp));
                earlyLabels.remove(oldest.id);
                addToCount(earlyLabelCount, -1);
                releaseTimer(timers, labelDeadline.of(oldest.timestamp));
                orphan(side, oldest);
            }
            earlyLabels.put(label.id, label);
            addToCount(earlyLabelCount, 1);
            holdTimer(timers, labelDeadline.of(label.timestamp));
        }
    }

    /** The current key's timer at {@code timestamp}: drops what waited until then. */
    @Override
    protected void expire(long timestamp, TimerService timers, KeyedModel.SideOutputs side) throws Exception {
        List<PendingExample> expiredExamples = new ArrayList<>();
        for (PendingExample pending : pendingExamples.values()) {
            if (labelDeadline.of(pending.example.timestamp) <= timestamp) {
                expiredExamples.add(pending);
            }
        }
        for (PendingExample pending : expiredExamples) {
            pendingExamples.remove(pending.example.id);
            addToCount(pendingExampleCount, -1);
            releaseTimer(timers, labelDeadline.of(pending.example.timestamp));
            drop(side, pending.example, DroppedExample.Reason.EXPIRED);
        }
        List<Label> expiredLabels = new ArrayList<>();
        for (Label label : earlyLabels.values()) {
            if (labelDeadline.of(label.timestamp) <= timestamp) {
                expiredLabels.add(label);
            }
        }
        for (Label label : expiredLabels) {
            earlyLabels.remove(label.id);
            addToCount(earlyLabelCount, -1);
            releaseTimer(timers, labelDeadline.of(label.timestamp));
            orphan(side, label);
        }
    }

    /** Registers the timer at {@code deadline} for one more waiting element. */
    private void holdTimer(TimerService timers, long deadline) throws Exception {
        Integer holds = timerHolds.get(deadline);
        if (holds == null) {
            timers.registerEventTimeTimer(deadline);
        }
        timerHolds.put(deadline, holds == null ? 1 : holds + 1);
    }

    /** Releases one waiting element's hold on the timer at {@code deadline}, deleting it with the last. */
    private void releaseTimer(TimerService timers, long deadline) throws Exception {
        int holds = timerHolds.get(deadline) - 1;
        if (holds == 0) {
            timerHolds.remove(deadline);
            timers.deleteEventTimeTimer(deadline);
        } else {
            timerHolds.put(deadline, holds);
        }
    }

    private void countJoined() {
        joined.add(1L);
        joinedMetric.inc();
    }

    private void drop(KeyedModel.SideOutputs side, Example example, DroppedExample.Reason reason) {
        dropped.add(1L);
        droppedMetric.inc();
        side.output(DROPPED_EXAMPLES, new DroppedExample(example, reason));
    }

    private void orphan(KeyedModel.SideOutputs side, Label label) {
        orphans.add(1L);
        orphanedMetric.inc();
        side.output(ORPHAN_LABELS, label);
    }

    /** The id of the entry with the smallest (timestamp, id). */
    private static <V> long oldestId(Iterable<Map.Entry<Long, V>> entries, ToLongFunction<V> timestampOf)
            throws Exception {
        long bestId = 0;
        long bestTime = Long.MAX_VALUE;
        boolean first = true;
        for (Map.Entry<Long, V> entry : entries) {
            long time = timestampOf.applyAsLong(entry.getValue());
            if (first || time < bestTime || (time == bestTime && entry.getKey() < bestId)) {
                bestTime = time;
                bestId = entry.getKey();
                first = false;
            }
        }
        return bestId;
    }

    private static int count(ValueState<Integer> counter) throws Exception {
        Integer value = counter.value();
        return value == null ? 0 : value;
    }

    /** Adds {@code delta}; a count of zero is cleared, so a key with nothing waiting has no state. */
    private static void addToCount(ValueState<Integer> counter, int delta) throws Exception {
        int value = count(counter) + delta;
        if (value == 0) {
            counter.clear();
        } else {
            counter.update(value);
        }
    }
}
