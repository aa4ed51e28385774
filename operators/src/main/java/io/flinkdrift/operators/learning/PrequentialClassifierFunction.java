package io.flinkdrift.operators.learning;

import io.flinkdrift.core.learners.Learners;
import io.flinkdrift.core.learners.OnlineClassifier;
import io.flinkdrift.operators.state.CodecSerializer;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed prequential classification: for every example, predict with the key's model, emit the
 * prediction, then train on the example if it is labelled. One model per key, kept in keyed
 * state through the learner's {@code StateCodec}, so it checkpoints and restores exactly and works
 * on the heap and RocksDB state backends alike.
 *
 * <p>Each {@link Prediction} carries the model version (number of updates the model had received)
 * and the class probabilities from before the update, as prequential evaluation requires.
 *
 * @param <L> the learner type
 */
public class PrequentialClassifierFunction<L extends OnlineClassifier>
        extends KeyedProcessFunction<String, Example, Prediction> {

    private static final long serialVersionUID = 1L;

    private final LearnerFactory<L> factory;
    private transient ValueState<L> model;

    public PrequentialClassifierFunction(LearnerFactory<L> factory) {
        this.factory = factory;
    }

    @Override
    public void open(OpenContext openContext) {
        model = getRuntimeContext().getState(
                new ValueStateDescriptor<>("model", new CodecSerializer<>(factory.codecClass())));
    }

    @Override
    public void processElement(Example example, Context ctx, Collector<Prediction> out) throws Exception {
        L learner = model.value();
        if (learner == null) {
            learner = factory.create(example.features.length);
        }
        double[] probabilities = learner.predictProbabilities(example.features);
        out.collect(new Prediction(example, Learners.argmax(probabilities), probabilities, learner.version()));
        if (example.labelled()) {
            learner.learn(example.features, example.classIndex());
            model.update(learner);
        }
    }
}
