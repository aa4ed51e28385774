package io.flinkdrift.operators.learning;

import io.flinkdrift.core.learners.OnlineLearner;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;
import org.apache.flink.util.Collector;

import java.io.IOException;

/**
 * The current key's model of a {@link KeyedModel} over a run of the key's elements: read from
 * state at the first use, kept in memory for the rest of the run, and written back once by {@link
 * #finish} if it learned. A run of one element is record at a time; a bundled operator makes a run
 * of a key's elements in a bundle.
 *
 * @param <L> the learner type
 */
public final class ModelRun<L extends OnlineLearner> {

    private final KeyedModel<L> model;

    private L learner;
    private boolean learned;

    /** A run of {@code model}'s current key; nothing is read until the first step. */
    public ModelRun(KeyedModel<L> model) {
        this.model = model;
    }

    /** {@link KeyedModel#predictThenLearn(OnlineLearner, Example, double, Collector, KeyedModel.SideOutputs)}. */
    public Prediction predictThenLearn(Example example, double label, Collector<Prediction> out, KeyedModel.SideOutputs side)
            throws IOException {
        Prediction prediction = model.predictThenLearn(learner(example), example, label, out, side);
        learned |= prediction.labelled();
        return prediction;
    }

    /** {@link KeyedModel#learnLate(OnlineLearner, PendingExample, double, long, KeyedModel.SideOutputs)}. */
    boolean learnLate(PendingExample pending, double label, long timestamp, KeyedModel.SideOutputs side)
            throws IOException {
        boolean accepted = model.learnLate(learner(pending.example), pending, label, timestamp, side);
        learned |= accepted;
        return accepted;
    }

    /** Ends the run: stores the model if it learned, and forgets it. Call with the run's key current. */
    public void finish() throws IOException {
        if (learned) {
            model.store(learner);
        }
        learner = null;
        learned = false;
    }

    private L learner(Example example) throws IOException {
        if (learner == null) {
            learner = model.load(example.features.length);
        }
        return learner;
    }
}
