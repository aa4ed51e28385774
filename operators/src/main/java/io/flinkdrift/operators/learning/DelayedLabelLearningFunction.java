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
import org.apache.flink.api.common.state.MapStateDescriptor;
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
import java.util.Collection;
import java.util.LinkedHashMap;
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
 * <p>Changes to what waits are kept in memory per key ({@link KeyWaiting}) until {@link #writeKey}:
 * record at a time after every element, in {@link BundledDelayedLabelOperator} before a checkpoint,
 * at the end of an input or before the watermark passes a deadline they touched. So when one input
 * is read ahead of the other (two files, say), an example and its label that both arrive before
 * then never reach the state or the timer service, which on RocksDB would cost a write, a delete and
 * a timer each; the state and timers written are those of record at a time.
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
    private transient KeyWaiting.States states;
    /** Keys whose changes to what waits are kept in memory, not yet written. */
    private transient Map<String, KeyWaiting> unwritten;
    /** The earliest deadline the changes in {@link #unwritten} touched. */
    private transient long earliestUnwritten;
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
        states = new KeyWaiting.States(
                context.getMapState(new MapStateDescriptor<>("pending-examples", LongSerializer.INSTANCE,
                        CodecSerializer.replacingPojo(PendingExample.class, PendingExampleCodec.class))),
                context.getState(new ValueStateDescriptor<>("pending-examples-count", Types.INT)),
                context.getMapState(new MapStateDescriptor<>("early-labels", LongSerializer.INSTANCE,
                        CodecSerializer.replacingPojo(Label.class, LabelCodec.class))),
                context.getState(new ValueStateDescriptor<>("early-labels-count", Types.INT)),
                context.getMapState(new MapStateDescriptor<>("timer-holds", Types.LONG, Types.INT)));
        unwritten = new LinkedHashMap<>();
        earliestUnwritten = Long.MAX_VALUE;
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

    /**
     * The keys whose examples and labels that started or stopped waiting are kept in memory: each
     * key's number of waiting elements is read once until its changes are written, and an example
     * and its label that both arrive before then never reach the state or the timer service.
     */
    @Override
    protected Collection<String> unwrittenKeys() {
        return new ArrayList<>(unwritten.keySet());
    }

    @Override
    protected int unwrittenKeyCount() {
        return unwritten.size();
    }

    @Override
    protected boolean unwrittenDeadlineBy(long time) {
        return earliestUnwritten <= time;
    }

    @Override
    protected void writeKey(String key, TimerService timers) throws Exception {
        KeyWaiting waiting = unwritten.remove(key);
        if (waiting != null) {
            waiting.write(timers);
        }
        if (unwritten.isEmpty()) {
            earliestUnwritten = Long.MAX_VALUE;
        }
    }

    /** An example of the current key, in the run of its elements. */
    @Override
    protected void element(String key, Example example, TimerService timers, Collector<Prediction> out,
            KeyedModel.SideOutputs side) throws Exception {
        if (example.labelled()) {
            run.predictThenLearn(example, example.label, out, side);
            return;
        }
        KeyWaiting waiting = waiting(key);
        Label early = waiting.labels.get(example.id);
        if (early != null) {
            waiting.labels.remove(example.id);
            release(waiting, labelDeadline.of(early.timestamp));
            countJoined();
            run.predictThenLearn(example, early.value, out, side);
            forgetIfUnchanged(key, waiting);
            return;
        }
        Prediction prediction = run.predictThenLearn(example, Double.NaN, out, side);
        if (waiting.examples.contains(example.id)) {
            drop(side, example, DroppedExample.Reason.DUPLICATE);
        } else if (labelDeadline.of(example.timestamp) <= timers.currentWatermark()) {
            drop(side, example, DroppedExample.Reason.EXPIRED);
        } else {
            if (waiting.examples.size() >= maxPending) {
                waiting.write(timers);
                PendingExample oldest = waiting.examples.get(
                        oldestId(waiting.examples.entries(), pending -> pending.example.timestamp));
                waiting.examples.remove(oldest.example.id);
                release(waiting, labelDeadline.of(oldest.example.timestamp));
                drop(side, oldest.example, DroppedExample.Reason.EVICTED);
            }
            waiting.examples.put(example.id, new PendingExample(example, prediction));
            hold(waiting, labelDeadline.of(example.timestamp));
        }
    }

    /** A label of the current key, in the run of its elements. */
    @Override
    protected void label(String key, Label label, TimerService timers, KeyedModel.SideOutputs side)
            throws Exception {
        KeyWaiting waiting = waiting(key);
        PendingExample pending = Double.isNaN(label.value) ? null : waiting.examples.get(label.id);
        if (pending != null) {
            waiting.examples.remove(label.id);
            release(waiting, labelDeadline.of(pending.example.timestamp));
            countJoined();
            if (run.learnLate(pending, label.value, label.timestamp, side)) {
                side.output(LABELLED_PREDICTIONS, pending.prediction.withLabel(label.value));
            }
            forgetIfUnchanged(key, waiting);
        } else if (Double.isNaN(label.value) || waiting.labels.contains(label.id)
                || labelDeadline.of(label.timestamp) <= timers.currentWatermark()) {
            orphan(side, label);
        } else {
            if (waiting.labels.size() >= maxPending) {
                waiting.write(timers);
                Label oldest = waiting.labels.get(oldestId(waiting.labels.entries(), early -> early.timestamp));
                waiting.labels.remove(oldest.id);
                release(waiting, labelDeadline.of(oldest.timestamp));
                orphan(side, oldest);
            }
            waiting.labels.put(label.id, label);
            hold(waiting, labelDeadline.of(label.timestamp));
        }
    }

    /** The current key's timer at {@code timestamp}: drops what waited until then. */
    @Override
    protected void expire(String key, long timestamp, TimerService timers, KeyedModel.SideOutputs side)
            throws Exception {
        KeyWaiting waiting = waiting(key);
        waiting.write(timers);
        List<PendingExample> expiredExamples = new ArrayList<>();
        for (Map.Entry<Long, PendingExample> pending : waiting.examples.entries()) {
            if (labelDeadline.of(pending.getValue().example.timestamp) <= timestamp) {
                expiredExamples.add(pending.getValue());
            }
        }
        for (PendingExample pending : expiredExamples) {
            waiting.examples.remove(pending.example.id);
            release(waiting, labelDeadline.of(pending.example.timestamp));
            drop(side, pending.example, DroppedExample.Reason.EXPIRED);
        }
        List<Label> expiredLabels = new ArrayList<>();
        for (Map.Entry<Long, Label> label : waiting.labels.entries()) {
            if (labelDeadline.of(label.getValue().timestamp) <= timestamp) {
                expiredLabels.add(label.getValue());
            }
        }
        for (Label label : expiredLabels) {
            waiting.labels.remove(label.id);
            release(waiting, labelDeadline.of(label.timestamp));
            orphan(side, label);
        }
    }

    /**
     * Forgets {@code key}'s changes in memory if they cancelled out (the last example that waited met
     * its label, say): memory then holds only keys with something to write.
     */
    private void forgetIfUnchanged(String key, KeyWaiting waiting) {
        if (waiting.unchanged()) {
            unwritten.remove(key);
        }
    }

    /** What waits under {@code key}, the current key, with the changes kept in memory so far. */
    private KeyWaiting waiting(String key) {
        return unwritten.computeIfAbsent(key, k -> states.newKey());
    }

    private void hold(KeyWaiting waiting, long deadline) throws Exception {
        waiting.hold(deadline);
        earliestUnwritten = Math.min(earliestUnwritten, deadline);
    }

    private void release(KeyWaiting waiting, long deadline) throws Exception {
        waiting.release(deadline);
        earliestUnwritten = Math.min(earliestUnwritten, deadline);
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
}
