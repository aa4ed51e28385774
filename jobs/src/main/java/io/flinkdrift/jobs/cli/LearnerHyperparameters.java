package io.flinkdrift.jobs.cli;

import io.flinkdrift.core.learners.kalman.KalmanConfig;
import io.flinkdrift.core.learners.rls.RlsConfig;
import org.apache.flink.util.function.SerializableFunction;
import picocli.CommandLine.Option;

/**
 * The hyperparameters of the linear learners that both classification and regression jobs offer:
 * the Kalman filter with learned forgetting (Titsias et al., ICLR 2024) and exponentially weighted
 * recursive least squares, plain or over random features (Lite-RVFL). A picocli mixin.
 */
public final class LearnerHyperparameters {

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
            description = "kalman: observation noise variance (of the one-hot targets when classifying). "
                    + "Default: ${DEFAULT-VALUE}.")
    public double noiseVariance;

    @Option(names = "--forgetting", paramLabel = "LAMBDA", defaultValue = "0.994",
            description = "rls, rvfl: forgetting factor in (0, 1]; the memory is about 1/(1-LAMBDA) "
                    + "records, 1 = ordinary least squares. Default: ${DEFAULT-VALUE}.")
    public double forgetting;

    @Option(names = "--enhancement-groups", paramLabel = "N", defaultValue = "10",
            description = "rvfl: groups of 10 random sigmoid features. Default: ${DEFAULT-VALUE}.")
    public int enhancementGroups;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "rvfl: seed of the random features. Default: ${DEFAULT-VALUE}.")
    public long seed;

    /**
     * The Kalman configuration.
     *
     * @throws IllegalArgumentException for an invalid hyperparameter
     */
    public KalmanConfig kalman() {
        return KalmanConfig.builder()
                .initialGamma(gamma)
                .learnGamma(learnGamma)
                .priorVariance(priorVariance)
                .noiseVariance(noiseVariance)
                .build();
    }

    /**
     * The RLS configuration as a function of the feature dimension, known only when a key's first
     * example arrives; validated here, before the job is submitted.
     *
     * @param enhancementGroups 0 for plain RLS on the raw features, otherwise RVFL
     * @throws IllegalArgumentException for an invalid hyperparameter
     */
    public SerializableFunction<Integer, RlsConfig> rls(int enhancementGroups) {
        double lambda = forgetting;
        long randomSeed = seed;
        SerializableFunction<Integer, RlsConfig> config = d -> RlsConfig.of(d, lambda, enhancementGroups, randomSeed);
        config.apply(1);
        return config;
    }
}
