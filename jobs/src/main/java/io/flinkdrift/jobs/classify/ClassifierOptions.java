package io.flinkdrift.jobs.classify;

import io.flinkdrift.core.learners.MajorityClassifier;
import io.flinkdrift.core.learners.NoChangeClassifier;
import io.flinkdrift.core.learners.OnlineClassifier;
import io.flinkdrift.core.learners.calibration.CalibratedClassifier;
import io.flinkdrift.core.learners.calibration.CalibratedKalmanClassifierCodec;
import io.flinkdrift.core.learners.calibration.CalibratedRvflClassifierCodec;
import io.flinkdrift.core.learners.calibration.OnlinePlattScaler;
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

    @Option(names = "--calibrate", paramLabel = "none|platt|platt-tracking", defaultValue = "none",
            description = "kalman, rls, rvfl on binary streams: recalibrate the class-1 probability by "
                    + "online Platt scaling (platt), optionally with tracking calibeating (platt-tracking), "
                    + "Gupta and Ramdas ICML 2023. Labels other than 0 and 1 are then not learned: they go "
                    + "to --dead-letter (reason UNKNOWN_CLASS) and are counted. Default: ${DEFAULT-VALUE}.")
    public String calibrate;

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
        OnlinePlattScaler.Calibeating calibeating = calibeating();
        switch (learner) {
            case "no-change":
                return uncalibrated(LearnerFactory.of(d -> new NoChangeClassifier(), NoChangeClassifier.Codec.class));
            case "majority":
                return uncalibrated(LearnerFactory.of(d -> new MajorityClassifier(), MajorityClassifier.Codec.class));
            case "kalman":
                KalmanConfig kalman = hyperparameters.kalman();
                return calibeating == null
                        ? LearnerFactory.of(d -> new KalmanClassifier(kalman), KalmanClassifierCodec.class)
                        : LearnerFactory.of(d -> calibrated(new KalmanClassifier(kalman), calibeating),
                                CalibratedKalmanClassifierCodec.class);
            case "rls":
                return rvfl(hyperparameters.rls(0), calibeating);
            case "rvfl":
                return rvfl(hyperparameters.rls(hyperparameters.enhancementGroups), calibeating);
            default:
                throw new IllegalArgumentException("--learner '" + learner + "' is not one of " + NAMES);
        }
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

    private <L extends OnlineClassifier> LearnerFactory<L> uncalibrated(LearnerFactory<L> factory) {
        if (!"none".equals(calibrate)) {
            throw new IllegalArgumentException("--calibrate " + calibrate + " applies to the kalman, rls and rvfl "
                    + "learners, not to " + learner);
        }
        return factory;
    }

    private static <C extends OnlineClassifier> CalibratedClassifier<C> calibrated(C base,
            OnlinePlattScaler.Calibeating calibeating) {
        return new CalibratedClassifier<>(base, OnlinePlattScaler.builder().calibeating(calibeating).build());
    }

    private static LearnerFactory<? extends OnlineClassifier> rvfl(SerializableFunction<Integer, RlsConfig> config,
            OnlinePlattScaler.Calibeating calibeating) {
        return calibeating == null
                ? LearnerFactory.of(d -> new RvflClassifier(config.apply(d)), RvflClassifierCodec.class)
                : LearnerFactory.of(d -> calibrated(new RvflClassifier(config.apply(d)), calibeating),
                        CalibratedRvflClassifierCodec.class);
    }

    @Override
    public KeyedModel<?> model(long snapshotEvery) {
        return model(factory(), snapshotEvery);
    }

    private static <L extends OnlineClassifier> KeyedModel<L> model(LearnerFactory<L> factory, long snapshotEvery) {
        return new KeyedModel<>(factory, LearnerAdapter.<L>classifier(), snapshotEvery);
    }
}
