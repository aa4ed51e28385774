package io.flinkdrift.operators.learning;

import io.flinkdrift.core.learners.Learners;
import io.flinkdrift.core.learners.OnlineClassifier;
import io.flinkdrift.core.learners.OnlineRegressor;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;

import java.io.Serializable;

/**
 * What differs between keyed classification and keyed regression: how a learner turns an example
 * into a {@link Prediction} and how it learns a label. Everything else (keyed model state,
 * prequential order, delayed labels, snapshots) is shared by {@link KeyedModel}.
 *
 * @param <L> the learner type
 */
public interface LearnerAdapter<L> extends Serializable {

    /** The learner's prediction for {@code example}, stamped with its current version; no update. */
    Prediction predict(L learner, Example example);

    /** One update with a label: a class index for classifiers, a real target for regressors. */
    void learn(L learner, double[] features, double label);

    /** Number of updates the learner has received. */
    long version(L learner);

    /**
     * Why {@code learner} cannot learn the (non-NaN) {@code label}, or null if it can. A refused
     * label never reaches {@link #learn}.
     */
    String refusal(L learner, double label);

    /** Whether the learner is a classifier (labels are class indices), not a regressor. */
    boolean classifies();

    /**
     * Classifiers: {@link Prediction#prediction} is the most probable class index (-1 before the
     * first update) and {@link Prediction#probabilities} the class probabilities.
     */
    static <L extends OnlineClassifier> LearnerAdapter<L> classifier() {
        return new LearnerAdapter<L>() {
            private static final long serialVersionUID = 1L;

            @Override
            public Prediction predict(L learner, Example example) {
                double[] probabilities = learner.predictProbabilities(example.features);
                return new Prediction(example, Learners.argmax(probabilities), probabilities, learner.version());
            }

            @Override
            public void learn(L learner, double[] features, double label) {
                learner.learn(features, (int) label);
            }

            /** Refuses a label that is not a class index in {@code [0, maxClasses())}. */
            @Override
            public String refusal(L learner, double label) {
                if (label >= 0 && label < learner.maxClasses() && label == Math.rint(label)) {
                    return null;
                }
                return "class label " + label + " is not a class index in [0, " + learner.maxClasses() + ")"
                        + (learner.maxClasses() == 2 ? ": the model is binary" : "");
            }

            @Override
            public long version(L learner) {
                return learner.version();
            }

            @Override
            public boolean classifies() {
                return true;
            }
        };
    }

    /** Regressors: {@link Prediction#prediction} is the predicted value, probabilities are empty. */
    static <L extends OnlineRegressor> LearnerAdapter<L> regressor() {
        return new LearnerAdapter<L>() {
            private static final long serialVersionUID = 1L;

            @Override
            public Prediction predict(L learner, Example example) {
                return new Prediction(example, learner.predict(example.features), new double[0], learner.version());
            }

            @Override
            public void learn(L learner, double[] features, double label) {
                learner.learn(features, label);
            }

            @Override
            public String refusal(L learner, double label) {
                return null;
            }

            @Override
            public long version(L learner) {
                return learner.version();
            }

            @Override
            public boolean classifies() {
                return false;
            }
        };
    }
}
