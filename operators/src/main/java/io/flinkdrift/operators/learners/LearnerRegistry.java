package io.flinkdrift.operators.learners;

import io.flinkdrift.core.learners.BestMemberEnsemble;
import io.flinkdrift.core.learners.MajorityClassifier;
import io.flinkdrift.core.learners.NoChangeClassifier;
import io.flinkdrift.core.learners.NoChangeSwitch;
import io.flinkdrift.core.learners.OnlineClassifier;
import io.flinkdrift.core.learners.OnlineLearner;
import io.flinkdrift.core.learners.calibration.CalibratedKalmanClassifierCodec;
import io.flinkdrift.core.learners.calibration.CalibratedRvflClassifierCodec;
import io.flinkdrift.core.learners.kalman.KalmanClassifier;
import io.flinkdrift.core.learners.kalman.KalmanClassifierCodec;
import io.flinkdrift.core.learners.kalman.KalmanConfig;
import io.flinkdrift.core.learners.kalman.KalmanRegressor;
import io.flinkdrift.core.learners.kalman.KalmanRegressorCodec;
import io.flinkdrift.core.learners.kalman.KalmanRlsEnsembleSwitchCodec;
import io.flinkdrift.core.learners.kalman.RandomFeatureKalmanClassifier;
import io.flinkdrift.core.learners.kalman.RandomFeatureKalmanClassifierCodec;
import io.flinkdrift.core.learners.kalman.RandomFeatureKalmanSwitchCodec;
import io.flinkdrift.core.learners.knn.WindowedKnnClassifier;
import io.flinkdrift.core.learners.knn.WindowedKnnClassifierCodec;
import io.flinkdrift.core.learners.pa.PassiveAggressiveClassifier;
import io.flinkdrift.core.learners.pa.PassiveAggressiveClassifierCodec;
import io.flinkdrift.core.learners.rls.RlsConfig;
import io.flinkdrift.core.learners.rls.RvflClassifier;
import io.flinkdrift.core.learners.rls.RvflClassifierCodec;
import io.flinkdrift.core.learners.rls.RvflRegressor;
import io.flinkdrift.core.learners.rls.RvflRegressorCodec;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.ml.param.DoubleParam;
import org.apache.flink.ml.param.IntParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Every learner of flink-drift, each declared once ({@link LearnerDeclaration}): adding a learner
 * is its core class, its codec and one entry here.
 */
public final class LearnerRegistry {

    /**
     * The default classifier: an ensemble of kalman-rvfl and rls at three forgetting factors under a
     * switch to no-change, chosen on Elec2 (6 features) and the sea generator (seed 1) and confirmed
     * on the other data sets of {@code docs/learners.md}.
     */
    public static final String DEFAULT_CLASSIFIER = "ensemble-switch";

    private static final LearnerDeclaration<NoChangeClassifier> NO_CHANGE = LearnerDeclaration.classifier(
            "no-change", "the previous label of the key, the no-change baseline",
            NoChangeClassifier.Codec.class, p -> d -> new NoChangeClassifier());

    private static final LearnerDeclaration<MajorityClassifier> MAJORITY = LearnerDeclaration.classifier(
            "majority", "the most frequent label of the key", MajorityClassifier.Codec.class,
            p -> d -> new MajorityClassifier());

    private static final LearnerDeclaration<KalmanClassifier> KALMAN_CLASSIFIER =
            LearnerDeclaration.calibratableClassifier("kalman",
                    "Kalman filter over the weights with learned forgetting (Titsias et al., ICLR 2024)",
                    KalmanClassifierCodec.class, CalibratedKalmanClassifierCodec.class,
                    p -> {
                        KalmanConfig config = kalman(p);
                        return d -> new KalmanClassifier(config);
                    })
                    .withParams(KalmanParams.class);

    private static final LearnerDeclaration<RvflClassifier> RLS_CLASSIFIER = rlsClassifier(
            "rls", "exponentially weighted recursive least squares on one-hot targets", false);

    private static final LearnerDeclaration<RvflClassifier> RVFL_CLASSIFIER = rlsClassifier(
            "rvfl", "recursive least squares over random sigmoid features (Lite-RVFL, Hu, Liu and He, 2025)", true);

    private static final LearnerDeclaration<RandomFeatureKalmanClassifier> KALMAN_RVFL_CLASSIFIER =
            LearnerDeclaration.classifier("kalman-rvfl",
                    "Kalman filter with learned forgetting over random sigmoid features (Titsias et al., "
                            + "ICLR 2024, over Lite-RVFL features)",
                    RandomFeatureKalmanClassifierCodec.class,
                    p -> {
                        KalmanConfig config = kalman(p);
                        int enhancementGroups = p.get(HasRandomFeatures.ENHANCEMENT_GROUPS);
                        int nodesPerGroup = p.get(HasRandomFeatures.NODES_PER_GROUP);
                        return d -> new RandomFeatureKalmanClassifier(config, d, enhancementGroups, nodesPerGroup);
                    })
                    .withParams(KalmanParams.class)
                    .withParams(HasRandomFeatures.class);

    private static final LearnerDeclaration<NoChangeSwitch<RandomFeatureKalmanClassifier>> KALMAN_RVFL_SWITCH =
            LearnerDeclaration.classifier("kalman-rvfl-switch",
                    "kalman-rvfl or no-change, whichever has the higher recent accuracy; invariant to how "
                            + "classes are numbered",
                    RandomFeatureKalmanSwitchCodec.class,
                    p -> {
                        SerializableFunction<Integer, RandomFeatureKalmanClassifier> model =
                                KALMAN_RVFL_CLASSIFIER.factory(p)::create;
                        double rate = p.get(HasSwitchRate.SWITCH_RATE);
                        return d -> new NoChangeSwitch<>(model.apply(d), rate);
                    })
                    .withParams(KalmanParams.class)
                    .withParams(HasRandomFeatures.class)
                    .withParams(HasSwitchRate.class);

    private static final LearnerDeclaration<NoChangeSwitch<BestMemberEnsemble>> ENSEMBLE_SWITCH =
            LearnerDeclaration.classifier(DEFAULT_CLASSIFIER,
                    "whichever has the higher recent accuracy of kalman-rvfl, rls at each forgetting factor and "
                            + "no-change; invariant to how classes are numbered",
                    KalmanRlsEnsembleSwitchCodec.class,
                    p -> {
                        List<SerializableFunction<Integer, ? extends OnlineClassifier>> members = new ArrayList<>();
                        members.add(KALMAN_RVFL_CLASSIFIER.factory(p)::create);
                        for (Double forgetting : p.get(HasEnsembleMembers.FORGETTING_FACTORS)) {
                            ParamValues rls = RLS_CLASSIFIER.defaultValues()
                                    .set(RlsParams.FORGETTING, forgetting)
                                    .set(HasBias.BIAS, p.get(HasBias.BIAS))
                                    .set(HasStandardizationSamples.STANDARDIZATION_SAMPLES,
                                            p.get(HasStandardizationSamples.STANDARDIZATION_SAMPLES));
                            members.add(RLS_CLASSIFIER.factory(rls)::create);
                        }
                        double selectionRate = p.get(HasEnsembleMembers.SELECTION_RATE);
                        double switchRate = p.get(HasSwitchRate.SWITCH_RATE);
                        return d -> new NoChangeSwitch<>(new BestMemberEnsemble(
                                members.stream().map(member -> member.apply(d)).toList(), selectionRate), switchRate);
                    })
                    .withParams(KalmanParams.class)
                    .withParams(HasRandomFeatures.class)
                    .withParams(HasEnsembleMembers.class)
                    .withParams(HasSwitchRate.class);

    /** C of the passive-aggressive classifier, the largest step of one update. */
    public static final Param<Double> AGGRESSIVENESS = new DoubleParam("aggressiveness",
            "Aggressiveness C of PA-I, the largest step of one update, in (0, ∞).", 1.0,
            ParamValidators.gt(0.0));

    private static final LearnerDeclaration<PassiveAggressiveClassifier> PASSIVE_AGGRESSIVE =
            LearnerDeclaration.classifier("passive-aggressive",
                    "multi-class passive-aggressive classifier, PA-I (Crammer et al., JMLR 2006)",
                    PassiveAggressiveClassifierCodec.class,
                    p -> {
                        double aggressiveness = p.get(AGGRESSIVENESS);
                        boolean bias = p.get(HasBias.BIAS);
                        int standardizationSamples = p.get(HasStandardizationSamples.STANDARDIZATION_SAMPLES);
                        return d -> new PassiveAggressiveClassifier(aggressiveness, bias, standardizationSamples);
                    })
                    .withParam(AGGRESSIVENESS)
                    .withParams(HasBias.class)
                    .withParams(HasStandardizationSamples.class);

    /** W of the kNN classifier, the labelled examples it keeps. */
    public static final Param<Integer> KNN_WINDOW = new IntParam("knnWindow",
            "Labelled examples the kNN classifier keeps (the last W), in [1, 100000].", 1000,
            ParamValidators.inRange(1, WindowedKnnClassifier.MAX_WINDOW));

    /** k of the kNN classifier, the neighbours that vote. */
    public static final Param<Integer> NEIGHBOURS = new IntParam("neighbours",
            "Neighbours k that vote in the kNN classifier, in [1, 1000] and at most its window.", 5,
            ParamValidators.inRange(1, 1000));

    private static final LearnerDeclaration<WindowedKnnClassifier> KNN =
            LearnerDeclaration.classifier("knn",
                    "distance-weighted k nearest neighbours among the last W labelled examples (windowed kNN)",
                    WindowedKnnClassifierCodec.class,
                    p -> {
                        int window = p.get(KNN_WINDOW);
                        int neighbours = p.get(NEIGHBOURS);
                        int standardizationSamples = p.get(HasStandardizationSamples.STANDARDIZATION_SAMPLES);
                        return d -> new WindowedKnnClassifier(window, neighbours, standardizationSamples);
                    })
                    .withParam(KNN_WINDOW)
                    .withParam(NEIGHBOURS)
                    .withParams(HasStandardizationSamples.class);

    private static final LearnerDeclaration<KalmanRegressor> KALMAN_REGRESSOR = LearnerDeclaration.regressor(
            "kalman", "Bayesian linear regression by a Kalman filter with learned forgetting (Titsias et al., "
                    + "ICLR 2024)",
            KalmanRegressorCodec.class,
            p -> {
                KalmanConfig config = kalman(p);
                return d -> new KalmanRegressor(config);
            })
            .withParams(KalmanParams.class)
            .withoutParams(KalmanParams.PREDICTIVE, KalmanParams.MONTE_CARLO_SAMPLES, KalmanParams.SEED,
                    KalmanParams.TEMPERATURE, KalmanParams.LEARN_TEMPERATURE, KalmanParams.TEMPERATURE_LEARNING_RATE,
                    KalmanParams.STANDARDIZATION_SAMPLES);

    private static final LearnerDeclaration<RvflRegressor> RLS_REGRESSOR = rlsRegressor(
            "rls", "exponentially weighted recursive least squares", false);

    private static final LearnerDeclaration<RvflRegressor> RVFL_REGRESSOR = rlsRegressor(
            "rvfl", "recursive least squares over random sigmoid features (Lite-RVFL, Hu, Liu and He, 2025)", true);

    /** The classifiers, the first being the default of the {@code classify} job. */
    public static final List<LearnerDeclaration<?>> CLASSIFIERS =
            List.of(ENSEMBLE_SWITCH, KALMAN_RVFL_SWITCH, KALMAN_CLASSIFIER, NO_CHANGE, MAJORITY, RLS_CLASSIFIER,
                    RVFL_CLASSIFIER, KALMAN_RVFL_CLASSIFIER, PASSIVE_AGGRESSIVE, KNN);

    /** The regressors, the first being the default of the {@code regress} job. */
    public static final List<LearnerDeclaration<?>> REGRESSORS =
            List.of(RLS_REGRESSOR, KALMAN_REGRESSOR, RVFL_REGRESSOR);

    private LearnerRegistry() {}

    /** @throws IllegalArgumentException naming the choices if no classifier is called {@code name} */
    public static LearnerDeclaration<?> classifier(String name) {
        return find(LearnerDeclaration.Task.CLASSIFICATION, name);
    }

    /** @throws IllegalArgumentException naming the choices if no regressor is called {@code name} */
    public static LearnerDeclaration<?> regressor(String name) {
        return find(LearnerDeclaration.Task.REGRESSION, name);
    }

    /** The declarations of {@code task}. */
    public static List<LearnerDeclaration<?>> of(LearnerDeclaration.Task task) {
        return task == LearnerDeclaration.Task.CLASSIFICATION ? CLASSIFIERS : REGRESSORS;
    }

    /** @throws IllegalArgumentException naming the choices if no learner of {@code task} is called {@code name} */
    public static LearnerDeclaration<?> find(LearnerDeclaration.Task task, String name) {
        List<LearnerDeclaration<?>> declarations = of(task);
        for (LearnerDeclaration<?> declaration : declarations) {
            if (declaration.name().equals(name)) {
                return declaration;
            }
        }
        throw new IllegalArgumentException("learner '" + name + "' is not one of "
                + declarations.stream().map(LearnerDeclaration::name).collect(Collectors.joining(", ")));
    }

    private static LearnerDeclaration<RvflClassifier> rlsClassifier(String name, String description,
            boolean randomFeatures) {
        return withRlsParams(LearnerDeclaration.calibratableClassifier(name, description, RvflClassifierCodec.class,
                CalibratedRvflClassifierCodec.class,
                p -> {
                    SerializableFunction<Integer, RlsConfig> config = rls(p, randomFeatures);
                    return d -> new RvflClassifier(config.apply(d));
                }), randomFeatures);
    }

    /**
     * A regressor; plain RLS keeps raw inputs by default, because buffering the standardisation
     * sample would leave its first predictions at 0 (and a conformal split's calibration with them).
     */
    private static LearnerDeclaration<RvflRegressor> rlsRegressor(String name, String description,
            boolean randomFeatures) {
        LearnerDeclaration<RvflRegressor> declaration = withRlsParams(LearnerDeclaration.regressor(name, description,
                RvflRegressorCodec.class,
                p -> {
                    SerializableFunction<Integer, RlsConfig> config = rls(p, randomFeatures);
                    return d -> new RvflRegressor(config.apply(d));
                }), randomFeatures);
        return randomFeatures ? declaration : declaration.withDefault(RlsParams.STANDARDIZATION_SAMPLES, 0);
    }

    /** The RLS params; over random features with their params, else without them. */
    private static <L extends OnlineLearner> LearnerDeclaration<L> withRlsParams(LearnerDeclaration<L> declaration,
            boolean randomFeatures) {
        LearnerDeclaration<L> withParams = declaration.withParams(RlsParams.class);
        return randomFeatures
                ? withParams
                : withParams.withoutParams(RlsParams.ENHANCEMENT_GROUPS, RlsParams.NODES_PER_GROUP, RlsParams.SEED);
    }

    /** The value of {@code param}, or its default where the learner does not declare it. */
    private static <V> V value(WithParams<?> params, Param<V> param) {
        return params.getParamMap().containsKey(param) ? params.get(param) : param.defaultValue;
    }

    private static KalmanConfig kalman(WithParams<?> p) {
        return KalmanConfig.builder()
                .initialGamma(value(p, KalmanParams.GAMMA))
                .learnGamma(value(p, KalmanParams.LEARN_GAMMA))
                .gammaLearningRate(value(p, KalmanParams.GAMMA_LEARNING_RATE))
                .minDelta(value(p, KalmanParams.MIN_DELTA))
                .maxDelta(value(p, KalmanParams.MAX_DELTA))
                .priorVariance(value(p, KalmanParams.PRIOR_VARIANCE))
                .noiseVariance(value(p, KalmanParams.NOISE_VARIANCE))
                .learnNoise(value(p, KalmanParams.LEARN_NOISE))
                .noiseLearningRate(value(p, KalmanParams.NOISE_LEARNING_RATE))
                .predictive("monte-carlo".equals(value(p, KalmanParams.PREDICTIVE))
                        ? KalmanConfig.Predictive.MONTE_CARLO : KalmanConfig.Predictive.PROBIT)
                .monteCarloSamples(value(p, KalmanParams.MONTE_CARLO_SAMPLES))
                .seed(value(p, KalmanParams.SEED))
                .initialTemperature(value(p, KalmanParams.TEMPERATURE))
                .learnTemperature(value(p, KalmanParams.LEARN_TEMPERATURE))
                .temperatureLearningRate(value(p, KalmanParams.TEMPERATURE_LEARNING_RATE))
                .addBias(value(p, KalmanParams.BIAS))
                // the regressor does not declare it and keeps its raw inputs
                .standardizationSamples(p.getParamMap().containsKey(KalmanParams.STANDARDIZATION_SAMPLES)
                        ? p.get(KalmanParams.STANDARDIZATION_SAMPLES) : 0)
                .build();
    }

    /**
     * The RLS configuration as a function of the feature dimension, known only when a key's first
     * example arrives; over random features or, for plain RLS, without them (the random-feature
     * settings then keep {@link RlsConfig}'s defaults, as the state format records them).
     */
    private static SerializableFunction<Integer, RlsConfig> rls(WithParams<?> p, boolean randomFeatures) {
        double forgetting = p.get(RlsParams.FORGETTING);
        double regularization = p.get(RlsParams.REGULARIZATION);
        int reregularizationPeriod = p.get(RlsParams.REREGULARIZATION_PERIOD);
        boolean bias = p.get(RlsParams.BIAS);
        int standardizationSamples = p.get(RlsParams.STANDARDIZATION_SAMPLES);
        int enhancementGroups = randomFeatures ? p.get(RlsParams.ENHANCEMENT_GROUPS) : 0;
        int nodesPerGroup = value(p, RlsParams.NODES_PER_GROUP);
        long seed = randomFeatures ? p.get(RlsParams.SEED) : 0L;
        return d -> RlsConfig.builder(d)
                .forgetting(forgetting)
                .regularization(regularization)
                .reregularizationPeriod(reregularizationPeriod)
                .bias(bias)
                .standardizationSamples(standardizationSamples)
                .enhancementGroups(enhancementGroups)
                .nodesPerGroup(nodesPerGroup)
                .seed(seed)
                .build();
    }
}
