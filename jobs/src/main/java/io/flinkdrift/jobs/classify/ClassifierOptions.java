package io.flinkdrift.jobs.classify;

import io.flinkdrift.core.learners.calibration.OnlinePlattScaler;
import io.flinkdrift.generators.Generators;
import io.flinkdrift.jobs.cli.Endpoint;
import io.flinkdrift.jobs.cli.ParamOptions;
import io.flinkdrift.jobs.pipeline.LearnerChoice;
import io.flinkdrift.operators.learning.KeyedModel;
import io.flinkdrift.operators.learners.LearnerDeclaration;
import io.flinkdrift.operators.learners.LearnerRegistry;
import io.flinkdrift.operators.learners.ParamValues;

import java.util.List;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The classifier chosen by {@code --learner} from {@link LearnerRegistry#CLASSIFIERS}, with its
 * generated {@link ParamOptions} and {@code --calibrate}.
 */
public final class ClassifierOptions implements LearnerChoice {

    @Option(names = "--learner", paramLabel = "NAME", defaultValue = LearnerRegistry.DEFAULT_CLASSIFIER,
            completionCandidates = Names.class,
            description = "The classifier, one per key: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    public String learner;

    @Option(names = "--calibrate", paramLabel = "none|platt|platt-tracking", defaultValue = "none",
            description = "kalman, rls, rvfl on binary streams: recalibrate the class-1 probability by "
                    + "online Platt scaling (platt), optionally with tracking calibeating (platt-tracking), "
                    + "Gupta and Ramdas ICML 2023. Labels other than 0 and 1 are then not learned: they go "
                    + "to --dead-letter (reason UNKNOWN_CLASS) and are counted. Default: ${DEFAULT-VALUE}.")
    public String calibrate;

    private ParamOptions hyperparameters;
    private CommandSpec job;

    /** Adds the learners' hyperparameter options to the job's command. */
    @Spec(Spec.Target.MIXEE)
    void addHyperparameterOptions(CommandSpec job) {
        this.job = job;
        hyperparameters = ParamOptions.install(job, LearnerRegistry.of(LearnerDeclaration.Task.CLASSIFICATION));
    }

    @Override
    public String name() {
        return learner;
    }

    /**
     * One model per key of the chosen classifier, calibrated if asked; validated here, before the
     * job is submitted.
     *
     * @throws IllegalArgumentException for an unknown learner or an invalid hyperparameter
     */
    @Override
    public KeyedModel<?> model(long snapshotEvery) {
        LearnerDeclaration<?> declaration = declaration();
        OnlinePlattScaler.Calibeating calibeating = calibeating();
        if (calibeating == null) {
            return declaration.model(values(), snapshotEvery);
        }
        if (!declaration.calibratable()) {
            List<String> calibratable = LearnerRegistry.CLASSIFIERS.stream()
                    .filter(LearnerDeclaration::calibratable).map(LearnerDeclaration::name).toList();
            throw new IllegalArgumentException("--calibrate " + calibrate + " applies to the "
                    + String.join(", ", calibratable.subList(0, calibratable.size() - 1)) + " and "
                    + calibratable.get(calibratable.size() - 1) + " learners, not to " + learner);
        }
        requireBinaryInput();
        return declaration.calibratedModel(values(), calibeating, snapshotEvery);
    }

    /**
     * Refuses {@code --calibrate} where the input is known before the run to have more than two
     * classes: {@code --classes} naming more, or a generator of more. (Other input keeps its first two
     * classes; later labels go to the dead letter as {@code UNKNOWN_CLASS}.)
     */
    private void requireBinaryInput() {
        List<String> classes = job.findOption("--classes").getValue();
        if (classes != null && classes.size() > 2) {
            throw new IllegalArgumentException("--calibrate " + calibrate + " recalibrates binary classifiers, but "
                    + "--classes names " + classes.size() + " classes");
        }
        String spec = job.findOption("--source").getValue();
        Endpoint source = Endpoint.parse("--source", spec,
                Endpoint.Scheme.FILE, Endpoint.Scheme.KAFKA, Endpoint.Scheme.SYNTHETIC);
        if (source.scheme() == Endpoint.Scheme.SYNTHETIC) {
            int generated = Generators.fromSpec(source.argument()).numClasses();
            if (generated > 2) {
                throw new IllegalArgumentException("--calibrate " + calibrate + " recalibrates binary classifiers, "
                        + "but " + spec + " generates " + generated + " classes");
            }
        }
    }

    /** @throws IllegalArgumentException for an unknown learner */
    LearnerDeclaration<?> declaration() {
        return LearnerRegistry.classifier(learner);
    }

    /** The chosen learner's param values: its defaults, changed by the options given. */
    ParamValues values() {
        return hyperparameters.values(declaration());
    }

    /** The calibeating variant of {@code --calibrate}, or null for {@code none}. */
    private OnlinePlattScaler.Calibeating calibeating() {
        switch (calibrate) {
            case "none":
                return null;
            case "platt":
                return OnlinePlattScaler.Calibeating.NONE;
            case "platt-tracking":
                return OnlinePlattScaler.Calibeating.TRACKING;
            default:
                throw new IllegalArgumentException(
                        "--calibrate must be none, platt or platt-tracking, got '" + calibrate + "'");
        }
    }

    /** The classifier names, for {@code --help}. */
    static final class Names extends LearnerChoice.Names {
        Names() {
            super(LearnerDeclaration.Task.CLASSIFICATION);
        }
    }
}
