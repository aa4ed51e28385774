package io.flinkdrift.operators.learning;

import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.operators.state.CodecSerializer;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.OutputTag;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.function.Consumer;

/**
 * The one predict-emit-learn code path of every keyed learning function: the current key's model
 * in keyed value state (through the learner's {@code StateCodec}, so it checkpoints exactly on the
 * heap and RocksDB backends), created by the {@link LearnerFactory} on the key's first example, and
 * a {@link ModelSnapshot} on {@link #SNAPSHOTS} after every {@code snapshotEvery}-th update.
 *
 * <p>Used by a keyed function, always on the key of the element being processed; {@link
 * #open} must be called from the function's {@code open}.
 *
 * @param <L> the learner type
 */
public final class KeyedModel<L> implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Side output of model snapshots. */
    public static final OutputTag<ModelSnapshot> SNAPSHOTS =
            new OutputTag<>("model-snapshots", TypeInformation.of(ModelSnapshot.class));

    private final LearnerFactory<L> factory;
    private final LearnerAdapter<L> adapter;
    private final long snapshotEvery;

    private transient ValueState<L> model;
    private transient StateCodec<L> codec;

    /**
     * @param snapshotEvery emit a snapshot after every this many updates of a key's model; 0 = never
     * @throws IllegalArgumentException if {@code snapshotEvery < 0} or an argument is null
     */
    public KeyedModel(LearnerFactory<L> factory, LearnerAdapter<L> adapter, long snapshotEvery) {
        if (factory == null || adapter == null) {
            throw new IllegalArgumentException("factory and adapter must not be null");
        }
        if (snapshotEvery < 0) {
            throw new IllegalArgumentException("snapshotEvery must be >= 0 (0 = off), got " + snapshotEvery);
        }
        this.factory = factory;
        this.adapter = adapter;
        this.snapshotEvery = snapshotEvery;
    }

    /** Registers the model state; call from the function's {@code open}. */
    public void open(RuntimeContext context) {
        model = context.getState(new ValueStateDescriptor<>("model", new CodecSerializer<>(factory.codecClass())));
        codec = InstantiationUtil.instantiate(factory.codecClass());
    }

    /**
     * Predicts {@code example} with the current key's model and emits the prediction, carrying
     * {@code label}; then, if {@code label} is not NaN, trains the model on it.
     *
     * @param label the example's label, known now; NaN if unknown
     * @return the emitted prediction
     */
    public Prediction predictThenLearn(Example example, double label, Collector<Prediction> out,
            Consumer<ModelSnapshot> snapshots) throws Exception {
        L learner = current(example.features.length);
        Prediction prediction = adapter.predict(learner, example);
        prediction.label = label;
        out.collect(prediction);
        if (!Double.isNaN(label)) {
            learn(learner, example, label, example.timestamp, snapshots);
        }
        return prediction;
    }

    /** Trains the current key's model on an example predicted earlier, whose label came at {@code timestamp}. */
    public void learnLate(Example example, double label, long timestamp, Consumer<ModelSnapshot> snapshots)
            throws Exception {
        learn(current(example.features.length), example, label, timestamp, snapshots);
    }

    private L current(int featureDimension) throws IOException {
        L learner = model.value();
        return learner != null ? learner : factory.create(featureDimension);
    }

    private void learn(L learner, Example example, double label, long timestamp, Consumer<ModelSnapshot> snapshots)
            throws IOException {
        adapter.learn(learner, example.features, label);
        model.update(learner);
        long version = adapter.version(learner);
        if (snapshotEvery > 0 && version % snapshotEvery == 0) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            codec.write(learner, new DataOutputStream(bytes));
            snapshots.accept(new ModelSnapshot(example.key, version, timestamp, codec.version(), bytes.toByteArray()));
        }
    }
}
