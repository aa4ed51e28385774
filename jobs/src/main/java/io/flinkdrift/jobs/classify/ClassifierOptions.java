package io.flinkdrift.jobs.classify;

import io.flinkdrift.core.learners.MajorityClassifier;
import io.flinkdrift.core.learners.NoChangeClassifier;
import io.flinkdrift.core.learners.OnlineClassifier;
import io.flinkdrift.core.learners.kalman.KalmanClassifier;
import io.flinkdrift.core.learners.kalman.KalmanClassifierCodec;
import io.flinkdrift.core.learners.kalman.KalmanConfig;
import io.flinkdrift.core.learners.rls.RlsConfig;
import io.flinkdrift.core.learners.rls.RvflClassifier;
import io.flinkdrift.core.learners.rls.RvflClassifierCodec;
import io.flinkdrift.jobs.cli.LearnerHyperparameters;
import io.flinkdrift.jobs.pipeline.LearnerChoice;
import io.flinkdrift.operators.learning.KeyedModel;
import io.flinkdrift.operators.learning.LearnerAdapter;
import io.flinkdrift.operators.learning.LearnerFactory;
import org.apache.flink.util.function.SerializableFunction;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The classifier chosen by {@code --learner}, with the shared {@link LearnerHyperparameters}. */
public final class ClassifierOptions implements LearnerChoice {

    /** Learner names accepted by {@code --learner}. */
    public static final String NAMES = "no-change, majority, kalman, rls, rvfl";

    @Option(names = "--learner", paramLabel = "NAME", defaultValue = "kalman",
            description = "The classifier, one per key: no-change (previous label), majority (most "
                    + "frequent label), kalman (Kalman filter with learned forgetting, Titsias et al. "
                    + "ICLR 2024), rls (exponentially weighted recursive least squares), rvfl (RLS over "
                    + "random features, Lite-RVFL). Default: ${DEFAULT-VALUE}.")
    public String learner;

    @Mixin
    public LearnerHyperparameters hyperparameters;

    @Override
    public String name() {
        return learner;
    }

    /**
     * The factory of the chosen learner; its configuration is validated here, before the job is
     * submitted.
     *
     * @throws IllegalArgumentException for an unknown learner or an invalid hyperparameter
     */
    public LearnerFactory<? extends OnlineClassifier> factory() {
        switch (learner) {
            case "no-change":
                return LearnerFactory.of(d -> new NoChangeClassifier(), NoChangeClassifier.Codec.class);
            case "majority":
                return LearnerFactory.of(d -> new MajorityClassifier(), MajorityClassifier.Codec.class);
            case "kalman":
                KalmanConfig kalman = hyperparameters.kalman();
                return LearnerFactory.of(d -> new KalmanClassifier(kalman), KalmanClassifierCodec.class);
            case "rls":
                return rvfl(hyperparameters.rls(0));
            case "rvfl":
                return rvfl(hyperparameters.rls(hyperparameters.enhancementGroups));
            default:
                throw new IllegalArgumentException("--learner '" + learner + "' is not one of " + NAMES);
        }
    }

    private static LearnerFactory<RvflClassifier> rvfl(SerializableFunction<Integer, RlsConfig> config) {
        return LearnerFactory.of(d -> new RvflClassifier(config.apply(d)), RvflClassifierCodec.class);
    }

    @Override
    public KeyedModel<?> model(long snapshotEvery) {
        return model(factory(), snapshotEvery);
    }

    private static <L extends OnlineClassifier> KeyedModel<L> model(LearnerFactory<L> factory, long snapshotEvery) {
        return new KeyedModel<>(factory, LearnerAdapter.<L>classifier(), snapshotEvery);
    }
}
