package io.flinkdrift.jobs.pipeline;

import io.flinkdrift.operators.conformal.ConformalLearningFunction;
import io.flinkdrift.operators.conformal.KeyedConformal;
import io.flinkdrift.operators.learning.DelayedLabelLearningFunction;
import io.flinkdrift.operators.learning.PrequentialFunction;

/** The learner a job's command line chose, as the two keyed learning functions it can run in. */
public interface LearnerChoice {

    /** The learner's name, as given on the command line. */
    String name();

    /**
     * Learning from labels carried by the examples.
     *
     * @throws IllegalArgumentException for an invalid hyperparameter
     */
    PrequentialFunction<?> prequential(long snapshotEvery);

    /**
     * Learning from labels that arrive on a second input.
     *
     * @throws IllegalArgumentException for an invalid hyperparameter
     */
    DelayedLabelLearningFunction<?> delayedLabels(long maxDelayMs, int maxPending, long snapshotEvery);

    /**
     * Learning from labels carried by the examples, with conformal risk control: the model trains
     * only on the training indices of the split of {@code conformal}.
     *
     * @throws IllegalArgumentException for an invalid hyperparameter
     */
    ConformalLearningFunction<?> conformal(KeyedConformal<?> conformal, long snapshotEvery);
}
