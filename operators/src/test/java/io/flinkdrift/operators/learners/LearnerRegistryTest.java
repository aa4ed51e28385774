package io.flinkdrift.operators.learners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkdrift.core.learners.kalman.KalmanClassifier;
import io.flinkdrift.core.learners.kalman.KalmanConfig;
import io.flinkdrift.core.learners.kalman.KalmanRegressor;
import io.flinkdrift.core.learners.knn.WindowedKnnClassifier;
import io.flinkdrift.core.learners.pa.PassiveAggressiveClassifier;
import io.flinkdrift.core.learners.rls.RlsConfig;
import io.flinkdrift.core.learners.rls.RvflClassifier;
import io.flinkdrift.core.learners.rls.RvflRegressor;
import io.flinkdrift.core.state.StateCodec;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.ml.param.Param;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/**
 * The learner declarations: defaults build exactly the configurations the learners had before the
 * registry, except that every linear classifier now standardises its inputs (B = 200, as RVFL
 * did), every core setting is reachable through a param, and a param name means
 * one param everywhere.
 */
class LearnerRegistryTest {

    private static final int DIMENSION = 3;
    private static final int STANDARDIZATION_SAMPLES = 200;

    @Test
    void defaultsBuildThePreviousConfigurationsWithInputsStandardized() {
        assertEquals(KalmanConfig.builder().standardizationSamples(STANDARDIZATION_SAMPLES).build(),
                kalmanClassifier(LearnerRegistry.classifier("kalman").defaultValues()));
        assertEquals(KalmanConfig.defaults(), ((KalmanRegressor) create(LearnerRegistry.regressor("kalman"),
                LearnerRegistry.regressor("kalman").defaultValues())).config());
        RlsConfig standardizedRls = RlsConfig.builder(DIMENSION).forgetting(0.994).enhancementGroups(0)
                .standardizationSamples(STANDARDIZATION_SAMPLES).build();
        assertEquals(standardizedRls.toString(), rls(LearnerRegistry.classifier("rls")));
        assertEquals(RlsConfig.of(DIMENSION, 0.994, 10, 0).toString(), rls(LearnerRegistry.classifier("rvfl")));
        assertEquals(RlsConfig.of(DIMENSION, 0.994, 0, 0).toString(), rls(LearnerRegistry.regressor("rls")));
        assertEquals(RlsConfig.of(DIMENSION, 0.994, 10, 0).toString(), rls(LearnerRegistry.regressor("rvfl")));
    }

    @Test
    void everyKalmanSettingIsReachable() {
        LearnerDeclaration<?> kalman = LearnerRegistry.classifier("kalman");
        ParamValues values = kalman.defaultValues()
                .set(KalmanParams.GAMMA, 0.9)
                .set(KalmanParams.LEARN_GAMMA, false)
                .set(KalmanParams.GAMMA_LEARNING_RATE, 0.02)
                .set(KalmanParams.MIN_DELTA, 1e-6)
                .set(KalmanParams.MAX_DELTA, 10.0)
                .set(KalmanParams.PRIOR_VARIANCE, 2.0)
                .set(KalmanParams.NOISE_VARIANCE, 0.2)
                .set(KalmanParams.LEARN_NOISE, false)
                .set(KalmanParams.NOISE_LEARNING_RATE, 0.002)
                .set(KalmanParams.PREDICTIVE, "monte-carlo")
                .set(KalmanParams.MONTE_CARLO_SAMPLES, 7)
                .set(KalmanParams.SEED, 5L)
                .set(KalmanParams.TEMPERATURE, 2.0)
                .set(KalmanParams.LEARN_TEMPERATURE, false)
                .set(KalmanParams.TEMPERATURE_LEARNING_RATE, 0.03)
                .set(KalmanParams.BIAS, false)
                .set(KalmanParams.STANDARDIZATION_SAMPLES, 11);
        KalmanConfig expected = KalmanConfig.builder()
                .initialGamma(0.9).learnGamma(false).gammaLearningRate(0.02).minDelta(1e-6).maxDelta(10.0)
                .priorVariance(2.0).noiseVariance(0.2).learnNoise(false).noiseLearningRate(0.002)
                .predictive(KalmanConfig.Predictive.MONTE_CARLO).monteCarloSamples(7).seed(5)
                .initialTemperature(2.0).learnTemperature(false).temperatureLearningRate(0.03).addBias(false)
                .standardizationSamples(11)
                .build();
        assertEquals(expected, kalmanClassifier(values));
        // every setting differs from its default, so each one was carried
        assertEquals(17, kalman.params().size());
        for (Param<?> param : kalman.params().keySet()) {
            assertNotEquals(param.defaultValue, values.get(param), param.name);
        }
    }

    @Test
    void everyRlsSettingIsReachable() {
        LearnerDeclaration<?> rvfl = LearnerRegistry.regressor("rvfl");
        ParamValues values = rvfl.defaultValues()
                .set(RlsParams.FORGETTING, 0.9)
                .set(RlsParams.REGULARIZATION, 0.5)
                .set(RlsParams.REREGULARIZATION_PERIOD, 10)
                .set(RlsParams.ENHANCEMENT_GROUPS, 2)
                .set(RlsParams.NODES_PER_GROUP, 4)
                .set(RlsParams.SEED, 9L)
                .set(RlsParams.BIAS, false)
                .set(RlsParams.STANDARDIZATION_SAMPLES, 12);
        RlsConfig expected = RlsConfig.builder(DIMENSION).forgetting(0.9).regularization(0.5)
                .reregularizationPeriod(10).enhancementGroups(2).nodesPerGroup(4).seed(9).bias(false)
                .standardizationSamples(12).build();
        assertEquals(expected.toString(), ((RvflRegressor) create(rvfl, values)).network().config().toString());
    }

    @Test
    void everyPassiveAggressiveSettingIsReachable() {
        LearnerDeclaration<?> pa = LearnerRegistry.classifier("passive-aggressive");
        PassiveAggressiveClassifier defaults = (PassiveAggressiveClassifier) create(pa, pa.defaultValues());
        assertEquals(1.0, defaults.aggressiveness());
        assertTrue(defaults.bias());
        assertEquals(STANDARDIZATION_SAMPLES, defaults.standardizationSamples());
        ParamValues values = pa.defaultValues()
                .set(LearnerRegistry.AGGRESSIVENESS, 0.3)
                .set(HasBias.BIAS, false)
                .set(HasStandardizationSamples.STANDARDIZATION_SAMPLES, 7);
        PassiveAggressiveClassifier changed = (PassiveAggressiveClassifier) create(pa, values);
        assertEquals(0.3, changed.aggressiveness());
        assertEquals(false, changed.bias());
        assertEquals(7, changed.standardizationSamples());
        assertEquals(3, pa.params().size());
        assertThrows(IllegalArgumentException.class, () -> pa.defaultValues().set(LearnerRegistry.AGGRESSIVENESS, 0.0));
    }

    @Test
    void everyKnnSettingIsReachable() {
        LearnerDeclaration<?> knn = LearnerRegistry.classifier("knn");
        WindowedKnnClassifier defaults = (WindowedKnnClassifier) create(knn, knn.defaultValues());
        assertEquals(1000, defaults.window());
        assertEquals(5, defaults.neighbours());
        assertEquals(STANDARDIZATION_SAMPLES, defaults.standardizationSamples());
        ParamValues values = knn.defaultValues()
                .set(LearnerRegistry.KNN_WINDOW, 40)
                .set(LearnerRegistry.NEIGHBOURS, 3)
                .set(HasStandardizationSamples.STANDARDIZATION_SAMPLES, 7);
        WindowedKnnClassifier changed = (WindowedKnnClassifier) create(knn, values);
        assertEquals(40, changed.window());
        assertEquals(3, changed.neighbours());
        assertEquals(7, changed.standardizationSamples());
        assertEquals(3, knn.params().size());
        assertThrows(IllegalArgumentException.class, () -> knn.defaultValues().set(LearnerRegistry.KNN_WINDOW, 0));
        // k above W is a combination only building a model refuses, before a job is submitted
        assertThrows(IllegalArgumentException.class, () -> knn.factory(knn.defaultValues()
                .set(LearnerRegistry.KNN_WINDOW, 4).set(LearnerRegistry.NEIGHBOURS, 5)));
    }

    @Test
    void anInvalidValueIsRefusedWhenSetOrBuilt() {
        LearnerDeclaration<?> kalman = LearnerRegistry.classifier("kalman");
        assertThrows(IllegalArgumentException.class, () -> kalman.defaultValues().set(KalmanParams.GAMMA, 1.5));
        ParamValues crossed = kalman.defaultValues().set(KalmanParams.MIN_DELTA, 5.0).set(KalmanParams.MAX_DELTA, 1.0);
        assertThrows(IllegalArgumentException.class, () -> kalman.factory(crossed));
        ParamValues tooWide = LearnerRegistry.classifier("rvfl").defaultValues()
                .set(RlsParams.ENHANCEMENT_GROUPS, 200);
        assertThrows(IllegalArgumentException.class, () -> LearnerRegistry.classifier("rvfl").factory(tooWide));
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> LearnerRegistry.classifier("forest"));
        assertTrue(unknown.getMessage().contains("kalman, no-change, majority, rls, rvfl"), unknown.getMessage());
    }

    @Test
    void namesAreUniqueAndAParamNameIsOneParam() throws Exception {
        Map<String, Param<?>> byName = new HashMap<>();
        for (List<LearnerDeclaration<?>> task : List.of(LearnerRegistry.CLASSIFIERS, LearnerRegistry.REGRESSORS)) {
            Set<String> names = new HashSet<>();
            for (LearnerDeclaration<?> declaration : task) {
                assertTrue(names.add(declaration.name()), "duplicate learner " + declaration.name());
                for (Param<?> param : declaration.params().keySet()) {
                    assertSame(byName.computeIfAbsent(param.name, n -> param), param, param.name);
                }
                StateCodec<?> codec = InstantiationUtil.instantiate(declaration.codecClass());
                assertTrue(codec.version() >= 1);
            }
        }
    }

    private static KalmanConfig kalmanClassifier(ParamValues values) {
        return ((KalmanClassifier) create(LearnerRegistry.classifier("kalman"), values)).config();
    }

    private static String rls(LearnerDeclaration<?> declaration) {
        Object learner = create(declaration, declaration.defaultValues());
        RlsConfig config = learner instanceof RvflClassifier
                ? ((RvflClassifier) learner).network().config()
                : ((RvflRegressor) learner).network().config();
        return config.toString();
    }

    private static Object create(LearnerDeclaration<?> declaration, ParamValues values) {
        return declaration.factory(values).create(DIMENSION);
    }
}
