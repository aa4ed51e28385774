package io.flinkdrift.operators.conformal;

import io.flinkdrift.operators.evaluation.LabelDeadline;
import io.flinkdrift.operators.learning.DelayedLabelLearningFunction;
import io.flinkdrift.operators.learning.DelayedLabelFunction;
import io.flinkdrift.operators.learning.KeyedModel;
import io.flinkdrift.operators.records.LabelCodec;
import io.flinkdrift.operators.records.PendingAnswerCodec;
import io.flinkdrift.operators.state.CodecSerializer;
import io.flinkdrift.records.Label;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link ConformalFunction} for labels that arrive separately: the first input is predictions
 * (answered at once, as by {@link ConformalFunction}), the second their labels, joined by id within
 * the key. An unlabelled prediction's answer waits in keyed state for its label; when it comes, the
 * answer's realised loss enters the running risk and, at a calibration index, its loss curve is
 * absorbed at the prediction's own stream position ({@link KeyedConformal#resolve}), so a late label
 * weighs exactly as if it had come on time. The resolved answer goes to {@link #LABELLED_ANSWERS}.
 * A label that comes before its prediction waits too. Either side waits at most {@code
 * maxDelayMs} of event time after its own timestamp and is then dropped, which bounds the state.
 * Waiting answers and labels are kept in the formats of {@link PendingAnswerCodec} and {@link
 * LabelCodec}; state of releases that kept them as Flink POJOs restores by migration.
 * Joined labels, dropped answers and orphan labels are counted in the accumulators of {@link
 * DelayedLabelLearningFunction} ({@code JOINED_COUNTER}, {@code DROPPED_COUNTER}, {@code
 * ORPHAN_COUNTER}), so jobs report them the same way.
 */
public class DelayedLabelConformalFunction
        extends DelayedLabelFunction<Prediction, ConformalPrediction> {

    private static final long serialVersionUID = 1L;

    /** Answers given earlier, now with their label, realised loss and running risk. */
    public static final OutputTag<ConformalPrediction> LABELLED_ANSWERS =
            new OutputTag<>("labelled-answers", TypeInformation.of(ConformalPrediction.class));

    private final KeyedConformal<?> conformal;
    private final LabelDeadline labelDeadline;

    private transient BundledConformalState<?> state;
    private transient MapState<Long, PendingAnswer> answers;
    private transient MapState<Long, Label> earlyLabels;
    private transient LongCounter joined;
    private transient LongCounter droppedAnswers;
    private transient LongCounter orphanLabels;

    /**
     * @param maxDelayMs how long (event time) an answer waits for its label, or a label for its
     *     prediction, &ge; 0
     * @throws IllegalArgumentException if {@code conformal} is null or {@code maxDelayMs < 0}
     */
    public DelayedLabelConformalFunction(KeyedConformal<?> conformal, long maxDelayMs) {
        if (conformal == null) {
            throw new IllegalArgumentException("conformal must not be null");
        }
        this.labelDeadline = new LabelDeadline(maxDelayMs);
        this.conformal = conformal;
    }

    /**
     * Registers the state and accumulators in {@code context}: of this function, or of a bundled
     * operator running it. The conformal state is read at the first element of a run of the key's
     * elements and written at its end ({@link #finishKey}): a run is one element here, a key's
     * elements of a bundle in {@link BundledDelayedLabelOperator}.
     */
    @Override
    protected void open(RuntimeContext context) {
        state = conformal.openBundled(context);
        answers = context.getMapState(new MapStateDescriptor<>("conformal-pending-answers",
                LongSerializer.INSTANCE, CodecSerializer.replacingPojo(PendingAnswer.class, PendingAnswerCodec.class)));
        earlyLabels = context.getMapState(new MapStateDescriptor<>("conformal-early-labels",
                LongSerializer.INSTANCE, CodecSerializer.replacingPojo(Label.class, LabelCodec.class)));
        joined = context.getLongCounter(DelayedLabelLearningFunction.JOINED_COUNTER);
        droppedAnswers = context.getLongCounter(DelayedLabelLearningFunction.DROPPED_COUNTER);
        orphanLabels = context.getLongCounter(DelayedLabelLearningFunction.ORPHAN_COUNTER);
    }

    /** Ends a run of the current key's elements: writes the key's conformal state if it changed. */
    @Override
    protected void finishKey() throws IOException {
        state.store();
    }

    /** A prediction of the current key, in the run of its elements. */
    @Override
    protected void element(String key, Prediction prediction, TimerService timers, Collector<ConformalPrediction> out,
            KeyedModel.SideOutputs side) throws Exception {
        double[] features = conformal.task().outputVector(prediction);
        ConformalPrediction answer = conformal.process(prediction, features);
        out.collect(answer);
        if (prediction.labelled()) {
            return;
        }
        Label early = earlyLabels.get(prediction.id);
        if (early != null) {
            earlyLabels.remove(prediction.id);
            joined.add(1L);
            side.output(LABELLED_ANSWERS, conformal.resolve(answer, features, early.value));
        } else {
            answers.put(prediction.id, new PendingAnswer(answer, features));
            timers.registerEventTimeTimer(labelDeadline.of(prediction.timestamp));
        }
    }

    /** A label of the current key, in the run of its elements. */
    @Override
    protected void label(String key, Label label, TimerService timers, KeyedModel.SideOutputs side) throws Exception {
        PendingAnswer pending = answers.get(label.id);
        if (pending != null) {
            answers.remove(label.id);
            joined.add(1L);
            side.output(LABELLED_ANSWERS, conformal.resolve(pending.answer, pending.features, label.value));
        } else {
            earlyLabels.put(label.id, label);
            timers.registerEventTimeTimer(labelDeadline.of(label.timestamp));
        }
    }

    /** The current key's timer at {@code timestamp}: drops the answers and labels that waited until then. */
    @Override
    protected void expire(String key, long timestamp, TimerService timers, KeyedModel.SideOutputs side)
            throws Exception {
        List<Long> expired = new ArrayList<>();
        for (Map.Entry<Long, PendingAnswer> entry : answers.entries()) {
            if (labelDeadline.of(entry.getValue().answer.timestamp) <= timestamp) {
                expired.add(entry.getKey());
            }
        }
        for (Long id : expired) {
            answers.remove(id);
            droppedAnswers.add(1L);
        }
        expired.clear();
        for (Map.Entry<Long, Label> entry : earlyLabels.entries()) {
            if (labelDeadline.of(entry.getValue().timestamp) <= timestamp) {
                expired.add(entry.getKey());
            }
        }
        for (Long id : expired) {
            earlyLabels.remove(id);
            orphanLabels.add(1L);
        }
    }
}
