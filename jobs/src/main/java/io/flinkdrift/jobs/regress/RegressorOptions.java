package io.flinkdrift.jobs.regress;

import io.flinkdrift.core.learners.OnlineRegressor;
import io.flinkdrift.core.learners.kalman.KalmanConfig;
import io.flinkdrift.core.learners.kalman.KalmanRegressor;
import io.flinkdrift.core.learners.kalman.KalmanRegressorCodec;
import io.flinkdrift.core.learners.rls.RlsConfig;
import io.flinkdrift.core.learners.rls.RvflRegressor;
import io.flinkdrift.core.learners.rls.RvflRegressorCodec;
import io.flinkdrift.jobs.cli.LearnerHyperparameters;
import io.flinkdrift.jobs.pipeline.LearnerChoice;
import io.flinkdrift.operators.learning.KeyedModel;
import io.flinkdrift.operators.learning.LearnerAdapter;
import io.flinkdrift.operators.learning.LearnerFactory;
import org.apache.flink.util.function.SerializableFunction;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The regressor chosen by {@code --learner}, with the shared {@link LearnerHyperparameters}. */
public final class RegressorOptions implements LearnerChoice {

    /** Learner names accepted by {@code --learner}. */
    public static final String NAMES = "kalman, rls, rvfl";

    @Option(names = "--learner", paramLabel = "NAME", defaultValue = "rls",
            description = "The regressor, one per key: kalman (Bayesian linear regression by a Kalman "
                    + "filter with learned forgetting, Titsias et al. ICLR 2024), rls (exponentially weighted "
                    + "recursive least squares), rvfl (RLS over random features, Lite-RVFL). "
                    + "Default: ${DEFAULT-VALUE}.")
    public String learner;

    @Mixin
    public LearnerHyperparameters hyperparameters;

    @Override
    public String name() {
        return learner;
    }

    /**
     * The factory of the chosen learner, validated before the job is submitted.
     *
     * @throws IllegalArgumentException for an unknown learner or an invalid hyperparameter
     */
    public LearnerFactory<? extends OnlineRegressor> factory() {
        switch (learner) {
            case "kalman":
                KalmanConfig kalman = hyperparameters.kalman();
                return LearnerFactory.of(d -> new KalmanRegressor(kalman), KalmanRegressorCodec.class);
            case "rls":
                return rvfl(hyperparameters.rls(0));
            case "rvfl":
                return rvfl(hyperparameters.rls(hyperparameters.enhancementGroups));
            default:
                throw new IllegalArgumentException("--learner '" + learner + "' is not one of " + NAMES);
        }
    }

    private static LearnerFactory<RvflRegressor> rvfl(SerializableFunction<Integer, RlsConfig> config) {
        return LearnerFactory.of(d -> new RvflRegressor(config.apply(d)), RvflRegressorCodec.class);
    }

    @Override
    public KeyedModel<?> model(long snapshotEvery) {
        return model(factory(), snapshotEvery);
    }

    private static <L extends OnlineRegressor> KeyedModel<L> model(LearnerFactory<L> factory, long snapshotEvery) {
        return new KeyedModel<>(factory, LearnerAdapter.<L>regressor(), snapshotEvery);
    }
}
