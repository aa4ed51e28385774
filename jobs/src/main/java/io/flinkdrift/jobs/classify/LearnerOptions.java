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
import io.flinkdrift.operators.learning.LearnerFactory;
import picocli.CommandLine.Option;

/** The {@code --learner} choice and its hyperparameters. */
public final class LearnerOptions {

    /** Learner names accepted by {@code --learner}. */
    public static final String NAMES = "no-change, majority, kalman, rls, rvfl";

    @Option(names = "--learner", paramLabel = "NAME", defaultValue = "kalman",
            description = "The classifier, one per key: no-change (previous label), majority (most "
                    + "frequent label), kalman (Kalman filter with learned forgetting, Titsias et al. "
                    + "ICLR 2024), rls (exponentially weighted recursive least squares), rvfl (RLS over "
                    + "random features, Lite-RVFL). Default: ${DEFAULT-VALUE}.")
    public String learner;

    @Option(names = "--gamma", paramLabel = "G", defaultValue = "0.99",
            description = "kalman: initial forgetting factor gamma in (0, 1]. Default: ${DEFAULT-VALUE}.")
    public double gamma;

    @Option(names = "--learn-gamma", paramLabel = "true|false", defaultValue = "true", arity = "1",
            description = "kalman: adapt gamma online by gradient steps on the one-step predictive "
                    + "log-likelihood. Default: ${DEFAULT-VALUE}.")
    public boolean learnGamma;

    @Option(names = "--prior-variance", paramLabel = "V", defaultValue = "1.0",
            description = "kalman: prior (and stationary) variance of each weight. Default: ${DEFAULT-VALUE}.")
    public double priorVariance;

    @Option(names = "--noise-variance", paramLabel = "V", defaultValue = "0.1",
            description = "kalman: observation noise variance of the one-hot targets. Default: ${DEFAULT-VALUE}.")
    public double noiseVariance;

    @Option(names = "--forgetting", paramLabel = "LAMBDA", defaultValue = "0.994",
            description = "rls, rvfl: forgetting factor in (0, 1]; the memory is about 1/(1-LAMBDA) "
                    + "records. Default: ${DEFAULT-VALUE}.")
    public double forgetting;

    @Option(names = "--enhancement-groups", paramLabel = "N", defaultValue = "10",
            description = "rvfl: groups of 10 random sigmoid features. Default: ${DEFAULT-VALUE}.")
    public int enhancementGroups;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "rvfl: seed of the random features. Default: ${DEFAULT-VALUE}.")
    public long seed;

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
                KalmanConfig kalman = KalmanConfig.builder()
                        .initialGamma(gamma)
                        .learnGamma(learnGamma)
                        .priorVariance(priorVariance)
                        .noiseVariance(noiseVariance)
                        .build();
                return LearnerFactory.of(d -> new KalmanClassifier(kalman), KalmanClassifierCodec.class);
            case "rls":
                return rls(0);
            case "rvfl":
                return rls(enhancementGroups);
            default:
                throw new IllegalArgumentException("--learner '" + learner + "' is not one of " + NAMES);
        }
    }

    private LearnerFactory<RvflClassifier> rls(int groups) {
        RlsConfig.builder(1).forgetting(forgetting).enhancementGroups(groups).seed(seed).build(); // validates now
        double lambda = forgetting;
        long randomSeed = seed;
        return LearnerFactory.of(
                d -> new RvflClassifier(groups == 0
                        ? RlsConfig.builder(d).plainRls().forgetting(lambda).build()
                        : RlsConfig.builder(d).forgetting(lambda).enhancementGroups(groups).seed(randomSeed).build()),
                RvflClassifierCodec.class);
    }
}
