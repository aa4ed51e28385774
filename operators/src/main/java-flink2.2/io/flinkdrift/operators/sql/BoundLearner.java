package io.flinkdrift.operators.sql;

import io.flinkdrift.core.learners.OnlineLearner;
import io.flinkdrift.operators.learning.KeyedModel;
import io.flinkdrift.operators.state.CodecSerializer;
import io.flinkdrift.operators.state.KeyedStateSpec;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;
import io.flinkdrift.records.RejectReason;

import java.io.IOException;

/**
 * A learner with its settings, applied to one partition's model in prequential order: predict the
 * element with the model as it is, then learn its label if it has one the model can take, as the
 * DataStream operators' {@code KeyedModel} does. The model lives in a {@link CodecState} in its
 * codec's format, created from the partition's first element and written back only when it
 * learned.
 *
 * @param <L> the learner type
 */
final class BoundLearner<L extends OnlineLearner> {

    private final KeyedStateSpec<L> factory;
    private final CodecSerializer<L> serializer;

    BoundLearner(KeyedStateSpec<L> factory) {
        this.factory = factory;
        this.serializer = new CodecSerializer<>(factory.codecClass());
    }

    /** The outcome for one element. */
    record Outcome(Prediction prediction, String refusal) {}

    /**
     * Predicts {@code features} with the partition's model, then trains it on {@code label}
     * unless that is NaN (unlabelled) or a label the model cannot take (returned as the refusal).
     *
     * @throws RejectedRow if the partition's model has another number of features
     */
    Outcome predictThenLearn(CodecState state, double[] features, double label) throws IOException {
        L learner = state.read(serializer);
        if (learner == null) {
            learner = factory.create(features.length);
        } else if (features.length != state.dimension) {
            throw new RejectedRow(RejectReason.WRONG_DIMENSION, features.length
                    + " features, the partition's model has " + state.dimension);
        }
        Example example = new Example();
        example.features = features;
        String refusal = Double.isNaN(label) ? null : learner.refusal(label);
        Prediction prediction = KeyedModel.predict(learner, example);
        if (!Double.isNaN(label) && refusal == null) {
            learner.learnLabel(features, label);
            state.write(serializer, learner);
            state.dimension = features.length;
        }
        return new Outcome(prediction, refusal);
    }
}
