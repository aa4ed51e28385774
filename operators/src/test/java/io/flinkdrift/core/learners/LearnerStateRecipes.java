package io.flinkdrift.core.learners;

import io.flinkdrift.core.learners.calibration.CalibratedClassifier;
import io.flinkdrift.core.learners.calibration.CalibratedKalmanClassifierCodec;
import io.flinkdrift.core.learners.calibration.CalibratedRvflClassifierCodec;
import io.flinkdrift.core.learners.calibration.OnlinePlattScaler;
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
import io.flinkdrift.core.state.StateCodec;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * How each learner state fixture under {@code src/test/resources/learners/} was made: a learner with
 * a fixed configuration trained on a fixed stream. {@link LearnerStateFixturesTest} restores every
 * fixture and compares it with the model this recipe trains now. {@link #main} writes the fixtures
 * of the current build (a file {@code NAME-vVERSION.bin}: the codec's format version as an int, then
 * the codec's bytes, as {@code CodecSerializer} stores a value).
 */
final class LearnerStateRecipes {

    /** Features per example. */
    static final int DIMENSION = 4;

    private LearnerStateRecipes() {}

    /** A learner, its codec, and a stream of {@code examples} examples it is trained on. */
    record Recipe<L>(String name, StateCodec<L> codec, Supplier<L> fresh, Learn<L> learn, Predict<L> predict,
            int classes, int examples) {

        /** A freshly trained model. */
        L train() {
            L learner = fresh.get();
            Random random = new Random(name.hashCode());
            for (int t = 0; t < examples; t++) {
                double[] x = features(random);
                learn.learn(learner, x, label(x, random));
            }
            return learner;
        }

        /** The label of {@code x}: a class index below {@link #classes}, or a real target if 0. */
        double label(double[] x, Random random) {
            double score = x[0] + 0.5 * x[1] * x[2] - x[3] + 0.3 * random.nextGaussian();
            if (classes == 0) {
                return score;
            }
            return Math.floorMod((int) Math.floor(score), classes);
        }
    }

    interface Learn<L> {
        void learn(L learner, double[] features, double label);
    }

    interface Predict<L> {
        double[] predict(L learner, double[] features);
    }

    static double[] features(Random random) {
        double[] x = new double[DIMENSION];
        for (int j = 0; j < DIMENSION; j++) {
            x[j] = 2 * random.nextGaussian() + j;
        }
        return x;
    }

    private static <L extends OnlineClassifier> Recipe<L> classifier(String name, StateCodec<L> codec,
            Supplier<L> fresh, int classes, int examples) {
        return new Recipe<>(name, codec, fresh, (l, x, y) -> l.learn(x, (int) y), OnlineClassifier::predictProbabilities,
                classes, examples);
    }

    private static <L extends OnlineRegressor> Recipe<L> regressor(String name, StateCodec<L> codec,
            Supplier<L> fresh, int examples) {
        return new Recipe<>(name, codec, fresh, OnlineRegressor::learn, (l, x) -> new double[] {l.predict(x)}, 0,
                examples);
    }

    private static <C extends OnlineClassifier> CalibratedClassifier<C> calibrated(C base) {
        return new CalibratedClassifier<>(base,
                OnlinePlattScaler.builder().calibeating(OnlinePlattScaler.Calibeating.TRACKING).build());
    }

    /** Every recipe; names are stable (they name the fixture files). */
    static List<Recipe<?>> all() {
        KalmanConfig standardized = KalmanConfig.builder().standardizationSamples(50).build();
        KalmanConfig monteCarlo = KalmanConfig.builder()
                .predictive(KalmanConfig.Predictive.MONTE_CARLO).monteCarloSamples(16).seed(7).build();
        RlsConfig rls = RlsConfig.of(DIMENSION, 0.99, 0, 3);
        RlsConfig rvfl = RlsConfig.of(DIMENSION, 0.99, 2, 3);
        return List.of(
                classifier("no-change", new NoChangeClassifier.Codec(), NoChangeClassifier::new, 3, 100),
                classifier("majority", new MajorityClassifier.Codec(), MajorityClassifier::new, 3, 100),
                classifier("kalman-classifier", new KalmanClassifierCodec(),
                        () -> new KalmanClassifier(KalmanConfig.defaults()), 3, 200),
                classifier("kalman-classifier-standardized", new KalmanClassifierCodec(),
                        () -> new KalmanClassifier(standardized), 3, 200),
                classifier("kalman-classifier-standardization-pending", new KalmanClassifierCodec(),
                        () -> new KalmanClassifier(standardized), 3, 20),
                classifier("kalman-classifier-monte-carlo", new KalmanClassifierCodec(),
                        () -> new KalmanClassifier(monteCarlo), 3, 200),
                regressor("kalman-regressor", new KalmanRegressorCodec(),
                        () -> new KalmanRegressor(KalmanConfig.defaults()), 200),
                classifier("rls-classifier", new RvflClassifierCodec(), () -> new RvflClassifier(rls), 3, 300),
                classifier("rvfl-classifier", new RvflClassifierCodec(), () -> new RvflClassifier(rvfl), 3, 300),
                classifier("rvfl-classifier-standardization-pending", new RvflClassifierCodec(),
                        () -> new RvflClassifier(rvfl), 3, 50),
                regressor("rls-regressor", new RvflRegressorCodec(), () -> new RvflRegressor(rls), 300),
                regressor("rvfl-regressor", new RvflRegressorCodec(), () -> new RvflRegressor(rvfl), 300),
                classifier("calibrated-kalman-classifier", new CalibratedKalmanClassifierCodec(),
                        () -> calibrated(new KalmanClassifier(KalmanConfig.defaults())), 2, 200),
                classifier("kalman-rvfl-classifier", new RandomFeatureKalmanClassifierCodec(),
                        () -> new RandomFeatureKalmanClassifier(standardized, DIMENSION, 2, 5), 4, 200),
                classifier("kalman-rvfl-classifier-standardization-pending", new RandomFeatureKalmanClassifierCodec(),
                        () -> new RandomFeatureKalmanClassifier(standardized, DIMENSION, 2, 5), 4, 20),
                classifier("calibrated-rvfl-classifier", new CalibratedRvflClassifierCodec(),
                        () -> calibrated(new RvflClassifier(rvfl)), 2, 300),
                classifier("kalman-rvfl-switch", new RandomFeatureKalmanSwitchCodec(),
                        () -> new NoChangeSwitch<>(new RandomFeatureKalmanClassifier(standardized, DIMENSION, 2, 5),
                                0.05), 4, 200),
                classifier("passive-aggressive-classifier", new PassiveAggressiveClassifierCodec(),
                        () -> new PassiveAggressiveClassifier(0.5, true, 50), 3, 200),
                classifier("passive-aggressive-classifier-standardization-pending",
                        new PassiveAggressiveClassifierCodec(), () -> new PassiveAggressiveClassifier(0.5, true, 50),
                        3, 20),
                classifier("knn-classifier", new WindowedKnnClassifierCodec(),
                        () -> new WindowedKnnClassifier(60, 4, 50), 3, 200),
                classifier("knn-classifier-standardization-pending", new WindowedKnnClassifierCodec(),
                        () -> new WindowedKnnClassifier(60, 4, 50), 3, 20),
                classifier("ensemble-switch", new KalmanRlsEnsembleSwitchCodec(),
                        () -> new NoChangeSwitch<>(new BestMemberEnsemble(List.of(
                                new RandomFeatureKalmanClassifier(standardized, DIMENSION, 2, 5),
                                new RvflClassifier(rls), new RvflClassifier(RlsConfig.of(DIMENSION, 0.999, 0, 3))),
                                0.05), 0.05), 4, 200));
    }

    /** The fixture file name of {@code recipe} in format {@code version}. */
    static String fileName(Recipe<?> recipe, int version) {
        return recipe.name() + "-v" + version + ".bin";
    }

    /** Writes the fixtures of the current build into the directory {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args[0]);
        Files.createDirectories(directory);
        for (Recipe<?> recipe : all()) {
            write(recipe, directory);
        }
    }

    private static <L> void write(Recipe<L> recipe, Path directory) throws IOException {
        try (OutputStream file = Files.newOutputStream(directory.resolve(fileName(recipe, recipe.codec().version())))) {
            DataOutputStream out = new DataOutputStream(file);
            out.writeInt(recipe.codec().version());
            recipe.codec().write(recipe.train(), out);
            out.flush();
        }
    }
}
