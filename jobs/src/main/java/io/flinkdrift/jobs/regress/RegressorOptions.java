package io.flinkdrift.jobs.regress;

import io.flinkdrift.jobs.cli.ParamOptions;
import io.flinkdrift.jobs.pipeline.LearnerChoice;
import io.flinkdrift.operators.learning.KeyedModel;
import io.flinkdrift.operators.learners.LearnerDeclaration;
import io.flinkdrift.operators.learners.LearnerRegistry;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The regressor chosen by {@code --learner} from {@link LearnerRegistry#REGRESSORS}, with its
 * generated {@link ParamOptions}.
 */
public final class RegressorOptions implements LearnerChoice {

    @Option(names = "--learner", paramLabel = "NAME", defaultValue = "rls",
            completionCandidates = Names.class,
            description = "The regressor, one per key: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    public String learner;

    private ParamOptions hyperparameters;

    /** Adds the learners' hyperparameter options to the job's command. */
    @Spec(Spec.Target.MIXEE)
    void addHyperparameterOptions(CommandSpec job) {
        hyperparameters = ParamOptions.install(job, LearnerRegistry.of(LearnerDeclaration.Task.REGRESSION));
    }

    @Override
    public String name() {
        return learner;
    }

    /**
     * One model per key of the chosen regressor, validated here, before the job is submitted.
     *
     * @throws IllegalArgumentException for an unknown learner or an invalid hyperparameter
     */
    @Override
    public KeyedModel<?> model(long snapshotEvery) {
        LearnerDeclaration<?> declaration = LearnerRegistry.regressor(learner);
        return declaration.model(hyperparameters.values(declaration), snapshotEvery);
    }

    /** The regressor names, for {@code --help}. */
    static final class Names extends LearnerChoice.Names {
        Names() {
            super(LearnerDeclaration.Task.REGRESSION);
        }
    }
}
