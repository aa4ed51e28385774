package io.flinkdrift.operators.learning;

import io.flinkdrift.core.learners.OnlineLearner;
import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.operators.state.KeyedStateSpec;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;
import io.flinkdrift.records.RejectReason;
import io.flinkdrift.records.RejectedRecord;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.OutputTag;

import java.io.IOException;
import java.io.Serializable;

/**
 * The one predict-emit-learn code path of every keyed learning function: the current key's model
 * in keyed value state (through the learner's {@code StateCodec}, so it checkpoints exactly on the
 * heap and RocksDB backends), created by the {@link KeyedStateSpec} on the key's first example, and
 * a {@link ModelSnapshot} on {@link #SNAPSHOTS} after every {@code snapshotEvery}-th update.
 *
 * <p>A label the model cannot learn (see {@link OnlineLearner#refusal}, e.g. a class other than 0
 * or 1 for a calibrated binary classifier) does not fail the job: the example is still predicted,
 * its prediction carries no label (NaN), the model is not trained, and the refusal goes to {@link
 * #REJECTED_LABELS} with reason {@link RejectReason#UNKNOWN_CLASS} and is counted in the {@link
 * #REJECTED_LABELS_COUNTER} accumulator.
 *
 * <p>Used by a keyed function or operator, always on the key of the element being processed (or,
 * in a bundle, the key the operator set); {@link #open} must be called from its {@code open}.
 *
 * @param <L> the learner type
 */
public final class KeyedModel<L extends OnlineLearner> implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Side output of model snapshots. */
    public static final OutputTag<ModelSnapshot> SNAPSHOTS =
            new OutputTag<>("model-snapshots", TypeInformation.of(ModelSnapshot.class));

    /** Side output of labels the model refused, as dead-letter entries (origin: the key, position: the id). */
    public static final OutputTag<RejectedRecord> REJECTED_LABELS =
            new OutputTag<>("rejected-labels", TypeInformation.of(RejectedRecord.class));

    /** Accumulator counting {@link #REJECTED_LABELS}. */
    public static final String REJECTED_LABELS_COUNTER = "learning.rejectedLabels";

    private final KeyedStateSpec<L> factory;
    private final boolean classifier;
    private final long snapshotEvery;

    private transient ValueState<L> model;
    private transient StateCodec<L> codec;
    private transient LongCounter rejectedLabels;
    private transient LearnerMetrics metrics;

    /**
     * @param classifier whether the labels are class indices (the model an {@code
     *     OnlineClassifier}), which decides the {@link LearnerMetrics}; else real targets
     * @param snapshotEvery emit a snapshot after every this many updates of a key's model; 0 = never
     * @throws IllegalArgumentException if {@code snapshotEvery < 0} or {@code factory} is null
     */
    public KeyedModel(KeyedStateSpec<L> factory, boolean classifier, long snapshotEvery) {
        if (factory == null) {
            throw new IllegalArgumentException("factory must not be null");
        }
        if (snapshotEvery < 0) {
            throw new IllegalArgumentException("snapshotEvery must be >= 0 (0 = off), got " + snapshotEvery);
        }
        this.factory = factory;
        this.classifier = classifier;
        this.snapshotEvery = snapshotEvery;
    }

    /** Registers the model state and the {@link LearnerMetrics}; call from the function's {@code open}. */
    public void open(RuntimeContext context) {
        model = context.getState(factory.descriptor("model"));
        codec = InstantiationUtil.instantiate(factory.codecClass());
        rejectedLabels = context.getLongCounter(REJECTED_LABELS_COUNTER);
        metrics = LearnerMetrics.register(context.getMetricGroup(), classifier);
    }

    /**
     * Predicts {@code example} with the current key's model and emits the prediction, carrying
     * {@code label}; then, if {@code label} is not NaN, trains the model on it and writes it back.
     * A refused label is rejected first, and the example is then handled as unlabelled.
     *
     * @param label the example's label, known now; NaN if unknown
     * @param side the processing context's side outputs ({@code ctx::output})
     * @return the emitted prediction
     */
    public Prediction predictThenLearn(Example example, double label, Collector<Prediction> out, SideOutputs side)
            throws Exception {
        L learner = load(example.features.length);
        Prediction prediction = predictThenLearn(learner, example, label, out, side);
        if (prediction.labelled()) {
            store(learner);
        }
        return prediction;
    }

    /**
     * {@link #predictThenLearn(Example, double, Collector, SideOutputs)} on a model already {@link
     * #load loaded}, without writing it back: a bundle of one key's examples reads the model once,
     * runs this for each in arrival order and {@link #store stores} it once.
     *
     * @return the emitted prediction, labelled iff the model learned from it
     */
    public Prediction predictThenLearn(L learner, Example example, double label, Collector<Prediction> out,
            SideOutputs side) {
        boolean learnable = !Double.isNaN(label) && accepts(learner, example, label, side);
        Prediction prediction = predict(learner, example);
        prediction.label = learnable ? label : Double.NaN;
        out.collect(prediction);
        if (learnable) {
            metrics.evaluated(prediction, label);
            learn(learner, example, label, example.timestamp, side);
        }
        return prediction;
    }

    /**
     * Trains the current key's model on an example predicted earlier, whose label came at {@code
     * timestamp}, and evaluates that earlier prediction in the {@link LearnerMetrics}.
     *
     * @return false if the label was refused (and rejected) instead
     */
    public boolean learnLate(PendingExample pending, double label, long timestamp, SideOutputs side)
            throws Exception {
        L learner = load(pending.example.features.length);
        if (!learnLate(learner, pending, label, timestamp, side)) {
            return false;
        }
        store(learner);
        return true;
    }

    /**
     * {@link #learnLate(PendingExample, double, long, SideOutputs)} on a model already {@link #load
     * loaded}, without writing it back.
     *
     * @return false if the label was refused (and rejected) instead
     */
    public boolean learnLate(L learner, PendingExample pending, double label, long timestamp, SideOutputs side) {
        Example example = pending.example;
        if (!accepts(learner, example, label, side)) {
            return false;
        }
        metrics.evaluated(pending.prediction, label);
        learn(learner, example, label, timestamp, side);
        return true;
    }

    /**
     * The current key's model as its state holds it, or a new one for examples of {@code
     * featureDimension} features if the key has none yet.
     */
    public L load(int featureDimension) throws IOException {
        L learner = model.value();
        return learner != null ? learner : factory.create(featureDimension);
    }

    /**
     * The prediction of {@code learner} for {@code example}, stamped with its current version: a
     * classifier's most probable class index (-1 before the first update) with the class
     * probabilities, or a regressor's predicted value with none. Does not change the model.
     */
    public static Prediction predict(OnlineLearner learner, Example example) {
        OnlineLearner.Estimate estimate = learner.estimate(example.features);
        return new Prediction(example, estimate.label(), estimate.probabilities(), learner.version());
    }

    /** Writes {@code learner} as the current key's model. */
    public void store(L learner) throws IOException {
        model.update(learner);
    }

    private boolean accepts(L learner, Example example, double label, SideOutputs side) {
        String refusal = learner.refusal(label);
        if (refusal == null) {
            return true;
        }
        rejectedLabels.add(1L);
        side.output(REJECTED_LABELS, new RejectedRecord(example.key, example.id, RejectReason.UNKNOWN_CLASS,
                refusal, example.toString()));
        return false;
    }

    private void learn(L learner, Example example, double label, long timestamp, SideOutputs side) {
        learner.learnLabel(example.features, label);
        long version = learner.version();
        metrics.updated(version);
        if (snapshotEvery > 0 && version % snapshotEvery == 0) {
            side.output(SNAPSHOTS, ModelSnapshot.of(example.key, version, timestamp, codec, learner));
        }
    }

    /** Where a keyed function's side outputs go: its processing context, as {@code ctx::output}. */
    @FunctionalInterface
    public interface SideOutputs {

        /** Emits {@code value} on the side output {@code tag}. */
        <X> void output(OutputTag<X> tag, X value);
    }
}
