package io.flinkdrift.operators.evaluation;

import io.flinkdrift.metrics.DriftMetrics;
import io.flinkdrift.records.Label;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Joins predictions with labels that arrive separately, in either order, by {@link Prediction#id}
 * == {@link Label#id}; use on {@code predictions.connect(labels).keyBy(p -> p.id, l -> l.id)}. The
 * output is the prediction with {@link Prediction#label} set to {@link Label#value}, ready for a
 * {@link PrequentialEvaluator}.
 *
 * <p>Whichever side arrives first waits in keyed state until the other arrives or until the event
 * time (watermark) passes its own timestamp ({@link Prediction#timestamp} or {@link
 * Label#timestamp}) plus {@code maxDelayMs}; then it leaves on a side output, so nothing disappears:
 *
 * <ul>
 *   <li>{@link #UNMATCHED_PREDICTIONS}: predictions whose label did not come in time;
 *   <li>{@link #ORPHAN_LABELS}: labels whose prediction did not come in time.
 * </ul>
 *
 * <p>Edge cases, each resolved without failing the job:
 *
 * <ul>
 *   <li>a prediction that already carries a label is emitted at once, unchanged;
 *   <li>an element whose deadline the watermark has already passed, with nothing to match, goes
 *       straight to its side output;
 *   <li>duplicates: the first element of each side wins. A second label (or prediction) for an id
 *       whose first one is still waiting goes to its side output at once. After a match all state of
 *       the id is cleared, so a duplicate arriving later waits like a new element and leaves as an
 *       orphan (or unmatched) at its deadline;
 *   <li>a label whose value is NaN goes to {@link #ORPHAN_LABELS} at once.
 * </ul>
 *
 * <p>State per id: at most one waiting element and one event-time timer, both removed on emission.
 * Metrics, in {@code flinkdrift.labels} ({@link DriftMetrics}): counters {@code joined}, {@code
 * dropped} (unmatched predictions) and {@code orphaned} (orphan labels).
 */
public class DelayedLabelJoin extends KeyedCoProcessFunction<Long, Prediction, Label, Prediction> {

    private static final long serialVersionUID = 1L;

    /** Predictions whose label did not arrive within the delay, or duplicates of a waiting one. */
    public static final OutputTag<Prediction> UNMATCHED_PREDICTIONS =
            new OutputTag<>("unmatched-predictions", TypeInformation.of(Prediction.class));

    /** Labels whose prediction did not arrive within the delay, duplicates, and NaN labels. */
    public static final OutputTag<Label> ORPHAN_LABELS =
            new OutputTag<>("orphan-labels", TypeInformation.of(Label.class));

    private final LabelDeadline labelDeadline;

    private transient ValueState<Prediction> waitingPrediction;
    private transient ValueState<Label> waitingLabel;
    private transient Counter joined;
    private transient Counter dropped;
    private transient Counter orphaned;

    /**
     * @param maxDelayMs how long, in event time, an element waits for its counterpart; {@code >= 0}
     * @throws IllegalArgumentException if {@code maxDelayMs < 0}
     */
    public DelayedLabelJoin(long maxDelayMs) {
        this.labelDeadline = new LabelDeadline(maxDelayMs);
    }

    @Override
    public void open(OpenContext openContext) {
        waitingPrediction = getRuntimeContext().getState(new ValueStateDescriptor<>("waiting-prediction",
                TypeInformation.of(Prediction.class)));
        waitingLabel = getRuntimeContext().getState(new ValueStateDescriptor<>("waiting-label",
                TypeInformation.of(Label.class)));
        MetricGroup metrics = DriftMetrics.family(getRuntimeContext().getMetricGroup(), DriftMetrics.LABELS);
        joined = metrics.counter("joined");
        dropped = metrics.counter("dropped");
        orphaned = metrics.counter("orphaned");
    }

    @Override
    public void processElement1(Prediction prediction, Context ctx, Collector<Prediction> out)
            throws Exception {
        if (prediction.labelled()) {
            out.collect(prediction);
            return;
        }
        Label label = waitingLabel.value();
        if (label != null) {
            ctx.timerService().deleteEventTimeTimer(labelDeadline.of(label.timestamp));
            waitingLabel.clear();
            joined(out, prediction, label);
        } else if (waitingPrediction.value() != null || isExpired(prediction.timestamp, ctx)) {
            unmatched(ctx, prediction);
        } else {
            waitingPrediction.update(prediction);
            ctx.timerService().registerEventTimeTimer(labelDeadline.of(prediction.timestamp));
        }
    }

    @Override
    public void processElement2(Label label, Context ctx, Collector<Prediction> out) throws Exception {
        if (Double.isNaN(label.value)) {
            orphan(ctx, label);
            return;
        }
        Prediction prediction = waitingPrediction.value();
        if (prediction != null) {
            ctx.timerService().deleteEventTimeTimer(labelDeadline.of(prediction.timestamp));
            waitingPrediction.clear();
            joined(out, prediction, label);
        } else if (waitingLabel.value() != null || isExpired(label.timestamp, ctx)) {
            orphan(ctx, label);
        } else {
            waitingLabel.update(label);
            ctx.timerService().registerEventTimeTimer(labelDeadline.of(label.timestamp));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Prediction> out) throws Exception {
        Prediction prediction = waitingPrediction.value();
        if (prediction != null) {
            unmatched(ctx, prediction);
            waitingPrediction.clear();
        }
        Label label = waitingLabel.value();
        if (label != null) {
            orphan(ctx, label);
            waitingLabel.clear();
        }
    }

    private void joined(Collector<Prediction> out, Prediction prediction, Label label) {
        joined.inc();
        out.collect(prediction.withLabel(label.value));
    }

    private void unmatched(Context ctx, Prediction prediction) {
        dropped.inc();
        ctx.output(UNMATCHED_PREDICTIONS, prediction);
    }

    private void orphan(Context ctx, Label label) {
        orphaned.inc();
        ctx.output(ORPHAN_LABELS, label);
    }

    private boolean isExpired(long timestamp, Context ctx) {
        return labelDeadline.of(timestamp) <= ctx.timerService().currentWatermark();
    }
}
