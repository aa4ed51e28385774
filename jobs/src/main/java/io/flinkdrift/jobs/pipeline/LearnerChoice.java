package io.flinkdrift.jobs.pipeline;

import io.flinkdrift.core.learners.OnlineLearner;
import io.flinkdrift.jobs.cli.ParamOptions;
import io.flinkdrift.operators.conformal.BundledConformalLearningOperator;
import io.flinkdrift.operators.conformal.KeyedConformal;
import io.flinkdrift.operators.learning.DelayedLabelLearningFunction;
import io.flinkdrift.operators.learning.KeyedModel;
import io.flinkdrift.operators.learners.LearnerDeclaration;
import io.flinkdrift.operators.learners.LearnerRegistry;

import java.util.Iterator;

/**
 * The learner a job's command line chose, and the keyed learning functions it can run in: with
 * the labels in the examples (its {@link #model}, bundled by the job), with labels on a second
 * input, or with conformal risk control.
 */
public interface LearnerChoice {

    /**
     * The names and descriptions of the learners of a task, one per line in {@code --help} (as
     * picocli's completion candidates of {@code --learner}).
     */
    class Names implements Iterable<String> {

        private final LearnerDeclaration.Task task;

        protected Names(LearnerDeclaration.Task task) {
            this.task = task;
        }

        @Override
        public Iterator<String> iterator() {
            return ParamOptions.choices(LearnerRegistry.of(task));
        }
    }

    /** The learner's name, as given on the command line. */
    String name();

    /**
     * One model per key of the chosen learner.
     *
     * @param snapshotEvery emit a model snapshot every this many updates per key; 0 = never
     * @throws IllegalArgumentException for an unknown learner or an invalid hyperparameter
     */
    KeyedModel<?> model(long snapshotEvery);

    /** Learning from labels that arrive on a second input. */
    default DelayedLabelLearningFunction<?> delayedLabels(long maxDelayMs, int maxPending, long snapshotEvery) {
        return delayedLabels(model(snapshotEvery), maxDelayMs, maxPending);
    }

    /**
     * Learning from labels carried by the examples, with conformal risk control: the model trains
     * only on the training indices of the split of {@code conformal}; bundles of up to {@code
     * maxRecords} examples and {@code maxLatencyMs} ({@link BundledConformalLearningOperator}).
     */
    default BundledConformalLearningOperator<?> conformal(KeyedConformal<?> conformal, long snapshotEvery,
            int maxRecords, long maxLatencyMs) {
        return conformal(model(snapshotEvery), conformal, maxRecords, maxLatencyMs);
    }

    private static <L extends OnlineLearner> DelayedLabelLearningFunction<L> delayedLabels(KeyedModel<L> model,
            long maxDelayMs,
            int maxPending) {
        return new DelayedLabelLearningFunction<>(model, maxDelayMs, maxPending);
    }

    private static <L extends OnlineLearner> BundledConformalLearningOperator<L> conformal(KeyedModel<L> model,
            KeyedConformal<?> conformal, int maxRecords, long maxLatencyMs) {
        return new BundledConformalLearningOperator<>(model, conformal, maxRecords, maxLatencyMs);
    }
}
