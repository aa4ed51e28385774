package io.flinkdrift.operators.ml;

import io.flinkdrift.operators.learners.KalmanParams;
import io.flinkdrift.operators.learners.LearnerRegistry;
import io.flinkdrift.operators.learners.LearnerDeclaration;
import io.flinkdrift.core.learners.Learners;
import io.flinkdrift.core.learners.OnlineClassifier;
import io.flinkdrift.core.learners.kalman.KalmanClassifier;
import io.flinkdrift.core.learners.kalman.KalmanClassifierCodec;
import io.flinkdrift.core.learners.kalman.KalmanConfig;
import io.flinkdrift.core.learners.kalman.KalmanRegressor;
import io.flinkdrift.core.learners.rls.RlsConfig;
import io.flinkdrift.core.learners.rls.RvflClassifier;
import io.flinkdrift.core.learners.rls.RvflClassifierCodec;
import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.operators.learning.ModelSnapshot;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.ml.common.datastream.TableUtils;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.ml.linalg.typeinfo.DenseVectorTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Flink ML API over the online classifiers, on a mini-cluster: fit yields strictly increasing
 * model versions, each bit-identical to the core learner trained on that many rows, successive
 * versions predict differently (the FLINK-36653 lesson: enough rows per version, and predictions
 * that must change), and transform predicts every row exactly with the version it reports.
 */
class OnlineLearnerEstimatorTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final RowTypeInfo TRAIN_TYPE = new RowTypeInfo(
            new TypeInformation<?>[] {DenseVectorTypeInfo.INSTANCE, Types.DOUBLE}, new String[] {"x", "y"});

    private static final RowTypeInfo TEST_TYPE = new RowTypeInfo(
            new TypeInformation<?>[] {Types.LONG, DenseVectorTypeInfo.INSTANCE}, new String[] {"id", "x"});

    /** Binary labels from a noisy linear rule in 3 dimensions whose sign flips halfway (drift). */
    private static List<Row> trainingRows(int n) {
        SplittableRandom random = new SplittableRandom(42);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = {random.nextDouble(-1, 1), random.nextDouble(-1, 1), random.nextDouble(-1, 1)};
            double score = (x[0] + 0.5 * x[1] - x[2]) * (i < n / 2 ? 1 : -1) + 0.2 * random.nextDouble(-1, 1);
            rows.add(Row.of(new DenseVector(x), score > 0 ? 1.0 : 0.0));
        }
        return rows;
    }

    private static final double[][] PROBES = {{0.5, 0.2, -0.4}, {-0.3, 0.9, 0.1}, {0.0, -0.7, 0.6}};

    private static StreamTableEnvironment tableEnvironment(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        return StreamTableEnvironment.create(env);
    }

    private static Table table(StreamTableEnvironment tEnv, List<Row> rows, RowTypeInfo type) {
        return tEnv.fromDataStream(TableUtils.getExecutionEnvironment(tEnv).fromData(rows, type).setParallelism(1));
    }

    private static List<ModelSnapshot> versions(StreamTableEnvironment tEnv, Table modelData) throws Exception {
        List<ModelSnapshot> out = new ArrayList<>();
        OnlineLearnerModel.versions(tEnv, modelData).executeAndCollect().forEachRemaining(out::add);
        return out;
    }

    private static <L extends OnlineClassifier> L decode(StateCodec<L> codec, ModelSnapshot snapshot)
            throws IOException {
        return codec.read(new DataInputStream(new ByteArrayInputStream(snapshot.state)), snapshot.formatVersion);
    }

    /** The core learner trained on the first {@code updates} rows, for every version in {@code versions}. */
    private static Map<Long, OnlineClassifier> replay(List<Row> rows, List<Long> versions,
            Supplier<OnlineClassifier> learner) {
        Map<Long, OnlineClassifier> byVersion = new HashMap<>();
        for (long version : versions) {
            OnlineClassifier model = learner.get();
            for (int i = 0; i < version; i++) {
                model.learn(((DenseVector) rows.get(i).getField(0)).values, (int) (double) rows.get(i).<Double>getFieldAs(1));
            }
            byVersion.put(version, model);
        }
        return byVersion;
    }

    @Test
    void fitEmitsStrictlyIncreasingVersionsEqualToTheCoreLearnerAndPredictingDifferently() throws Exception {
        StreamTableEnvironment tEnv = tableEnvironment(1); // one input order, so that the replay is exact
        List<Row> rows = trainingRows(2000);
        List<Row> withUnusableRows = new ArrayList<>(rows);
        withUnusableRows.add(1000, Row.of(new DenseVector(new double[] {Double.NaN, 0, 0}), 1.0));
        withUnusableRows.add(1001, Row.of(new DenseVector(new double[] {0.5, 0.5}), 0.0)); // wrong dimension
        withUnusableRows.add(1002, Row.of(new DenseVector(new double[] {0.5, 0.5, 0.5}), null)); // unlabelled
        OnlineKalmanClassifierModel model = new OnlineKalmanClassifier()
                .setFeaturesCol("x").setLabelCol("y").setSnapshotEvery(250).setGamma(0.98)
                .fit(table(tEnv, withUnusableRows, TRAIN_TYPE));
        assertEquals("x", model.getFeaturesCol(), "params are copied from the estimator to the model");

        List<ModelSnapshot> versions = versions(tEnv, model.getModelData()[0]);
        assertEquals(List.of(250L, 500L, 750L, 1000L, 1250L, 1500L, 1750L, 2000L),
                versions.stream().map(v -> v.modelVersion).collect(java.util.stream.Collectors.toList()));
        KalmanConfig config = KalmanConfig.builder().initialGamma(0.98)
                .standardizationSamples(KalmanParams.STANDARDIZATION_SAMPLES.defaultValue).build();
        Map<Long, OnlineClassifier> reference = replay(rows, List.of(250L, 500L, 750L, 1000L, 1250L, 1500L, 1750L,
                2000L), () -> new KalmanClassifier(config));
        double[] previous = null;
        for (ModelSnapshot version : versions) {
            KalmanClassifier decoded = decode(new KalmanClassifierCodec(), version);
            assertEquals(version.modelVersion, decoded.version());
            double[] probabilities = decoded.predictProbabilities(PROBES[0]);
            assertArrayEquals(reference.get(version.modelVersion).predictProbabilities(PROBES[0]), probabilities, 0.0);
            if (previous != null) {
                assertFalse(java.util.Arrays.equals(previous, probabilities), "version " + version.modelVersion
                        + " predicts like the one before it");
            }
            previous = probabilities;
        }
        double[] early = decode(new KalmanClassifierCodec(), versions.get(3)).predictProbabilities(PROBES[0]);
        double[] late = decode(new KalmanClassifierCodec(), versions.get(7)).predictProbabilities(PROBES[0]);
        assertTrue(early[1] > 0.5 && late[1] < 0.5, "the model follows the drift: " + early[1] + " then " + late[1]);
    }

    private static List<Row> probeRows(int n) {
        List<Row> test = new ArrayList<>();
        for (long id = 0; id < n; id++) {
            test.add(Row.of(id, new DenseVector(PROBES[(int) (id % PROBES.length)])));
        }
        return test;
    }

    @Test
    void fitThenTransformPredictsEveryRowWithAnEmittedVersionAtParallelismTwo() throws Exception {
        StreamTableEnvironment tEnv = tableEnvironment(2);
        OnlineRvflClassifier estimator = new OnlineRvflClassifier()
                .setFeaturesCol("x").setLabelCol("y").setSnapshotEvery(300).setEnhancementGroups(2).setSeed(7)
                .setPredictionCol("p").setRawPredictionCol("probabilities").setModelVersionCol("v");
        OnlineRvflClassifierModel model = estimator.fit(table(tEnv, trainingRows(1500), TRAIN_TYPE));
        Table output = model.transform(table(tEnv, probeRows(3000), TEST_TYPE))[0];
        assertEquals(List.of("id", "x", "p", "probabilities", "v"), output.getResolvedSchema().getColumnNames());

        List<Row> predicted = new ArrayList<>();
        tEnv.toDataStream(output).executeAndCollect().forEachRemaining(predicted::add);
        assertEquals(3000, predicted.size(), "rows that came before the first version waited for it");
        // both parallel instances decode the same broadcast versions: one prediction per (version, probe)
        Map<String, double[]> byVersionAndProbe = new HashMap<>();
        for (Row row : predicted) {
            long version = row.<Long>getFieldAs("v");
            assertTrue(version % 300 == 0 && version >= 300 && version <= 1500, "version " + version);
            double[] probabilities = ((DenseVector) row.getField("probabilities")).values;
            assertEquals(2, probabilities.length);
            assertEquals(1.0, probabilities[0] + probabilities[1], 1e-12);
            assertEquals(Learners.argmax(probabilities), row.<Double>getFieldAs("p"), 0.0);
            double[] same = byVersionAndProbe.putIfAbsent(version + "/" + row.<Long>getFieldAs("id") % PROBES.length,
                    probabilities);
            if (same != null) {
                assertArrayEquals(same, probabilities, 0.0);
            }
        }
    }

    @Test
    void transformUsesTheNewestVersionAndSetModelDataRoundTrips() throws Exception {
        StreamTableEnvironment tEnv = tableEnvironment(2);
        List<Row> rows = trainingRows(1200);
        List<Long> versions = List.of(100L, 400L, 1200L);
        Map<Long, OnlineClassifier> reference = replay(rows, versions,
                () -> new KalmanClassifier(KalmanConfig.builder().build()));
        List<ModelSnapshot> snapshots = new ArrayList<>();
        for (long version : versions) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            new KalmanClassifierCodec().write((KalmanClassifier) reference.get(version), new DataOutputStream(bytes));
            snapshots.add(new ModelSnapshot("model", version, version - 1, new KalmanClassifierCodec().version(),
                    bytes.toByteArray()));
        }
        Table modelData = tEnv.fromDataStream(
                TableUtils.getExecutionEnvironment(tEnv).fromData(snapshots).setParallelism(1));
        OnlineKalmanClassifierModel model = new OnlineKalmanClassifierModel().setFeaturesCol("x").setModelData(modelData);
        assertSame(modelData, model.getModelData()[0]);
        List<ModelSnapshot> readBack = versions(tEnv, model.getModelData()[0]);
        readBack.sort(java.util.Comparator.comparingLong(v -> v.modelVersion)); // table conversion at p = 2 reorders
        assertEquals(snapshots, readBack);

        List<Row> predicted = new ArrayList<>();
        tEnv.toDataStream(model.transform(table(tEnv, probeRows(3000), TEST_TYPE))[0]).executeAndCollect()
                .forEachRemaining(predicted::add);
        assertEquals(3000, predicted.size());
        for (Row row : predicted) {
            long version = row.<Long>getFieldAs("modelVersion");
            assertTrue(versions.contains(version), "version " + version);
            double[] probe = ((DenseVector) row.getField("x")).values;
            assertArrayEquals(reference.get(version).predictProbabilities(probe),
                    ((DenseVector) row.getField("rawPrediction")).values, 0.0);
        }
        for (double[] probe : PROBES) {
            assertFalse(java.util.Arrays.equals(reference.get(100L).predictProbabilities(probe),
                    reference.get(1200L).predictProbabilities(probe)), "the versions must predict differently");
        }
    }

    @Test
    void saveAndLoadKeepParamsAndModelData(@TempDir Path dir) throws Exception {
        StreamTableEnvironment tEnv = tableEnvironment(1);
        OnlineRvflClassifier estimator = new OnlineRvflClassifier().setFeaturesCol("x").setLabelCol("y")
                .setForgetting(0.9).setEnhancementGroups(3).setSeed(11).setSnapshotEvery(40);
        estimator.save(dir.resolve("estimator").toString());
        OnlineRvflClassifier loadedEstimator = OnlineRvflClassifier.load(tEnv, dir.resolve("estimator").toString());
        assertEquals(estimator.getParamMap(), loadedEstimator.getParamMap());

        OnlineRvflClassifierModel model = loadedEstimator.fit(table(tEnv, trainingRows(200), TRAIN_TYPE));
        model.save(dir.resolve("model").toString());
        TableUtils.getExecutionEnvironment(tEnv).execute("save model data");

        StreamTableEnvironment other = tableEnvironment(1);
        OnlineRvflClassifierModel loaded = OnlineRvflClassifierModel.load(other, dir.resolve("model").toString());
        assertEquals("x", loaded.getFeaturesCol());
        List<ModelSnapshot> saved = versions(other, loaded.getModelData()[0]);
        saved.sort(java.util.Comparator.comparingLong(v -> v.modelVersion));
        assertEquals(List.of(40L, 80L, 120L, 160L, 200L),
                saved.stream().map(v -> v.modelVersion).collect(java.util.stream.Collectors.toList()));
        RvflClassifier last = decode(new RvflClassifierCodec(), saved.get(4));
        RvflClassifier reference = (RvflClassifier) replay(trainingRows(200), List.of(200L),
                () -> new RvflClassifier(RlsConfig.of(3, 0.9, 3, 11))).get(200L);
        assertArrayEquals(reference.predictProbabilities(PROBES[2]), last.predictProbabilities(PROBES[2]), 0.0);
    }

    @Test
    void paramsHaveFlinkMlDefaultsAndRefuseInvalidValues() {
        OnlineKalmanClassifier kalman = new OnlineKalmanClassifier();
        assertEquals("features", kalman.getFeaturesCol());
        assertEquals("label", kalman.getLabelCol());
        assertEquals("prediction", kalman.getPredictionCol());
        assertEquals("rawPrediction", kalman.getRawPredictionCol());
        assertEquals("modelVersion", kalman.getModelVersionCol());
        assertEquals(100L, kalman.getSnapshotEvery());
        assertEquals(0.99, kalman.getGamma());
        assertTrue(kalman.getLearnGamma());
        assertEquals(1.0, kalman.getPriorVariance());
        assertEquals(0.1, kalman.getNoiseVariance());
        assertEquals(1.0, kalman.setGamma(1.0).getGamma(), "gamma = 1 (no forgetting) is valid");
        assertThrows(IllegalArgumentException.class, () -> kalman.setGamma(0.0));
        assertThrows(IllegalArgumentException.class, () -> kalman.setGamma(1.01));
        assertThrows(IllegalArgumentException.class, () -> kalman.setPriorVariance(0.0));
        assertThrows(IllegalArgumentException.class, () -> kalman.setNoiseVariance(-1.0));
        assertThrows(IllegalArgumentException.class, () -> kalman.setSnapshotEvery(0));
        assertThrows(IllegalArgumentException.class, () -> kalman.setFeaturesCol(null));

        OnlineRvflClassifier rvfl = new OnlineRvflClassifier();
        assertEquals(0.994, rvfl.getForgetting());
        assertEquals(10, rvfl.getEnhancementGroups());
        assertEquals(0L, rvfl.getSeed());
        assertEquals(0, rvfl.setEnhancementGroups(0).getEnhancementGroups(), "0 = plain RLS");
        assertThrows(IllegalArgumentException.class, () -> rvfl.setForgetting(0.0));
        assertThrows(IllegalArgumentException.class, () -> rvfl.setForgetting(1.5));
        assertThrows(IllegalArgumentException.class, () -> rvfl.setEnhancementGroups(-1));
        // a combination the param validators cannot see is refused by the learner's configuration
        assertThrows(IllegalArgumentException.class,
                () -> rvfl.setEnhancementGroups(200).fit(table(tableEnvironment(1), trainingRows(1), TRAIN_TYPE)));
    }

    @Test
    void aRegisteredRegressorSavesLoadsFitsAndPredictsAsTheCoreLearner(@TempDir Path dir) throws Exception {
        StreamTableEnvironment tEnv = tableEnvironment(1);
        List<Row> rows = trainingRows(600);
        String path = dir.resolve("estimator").toString();
        new RegisteredLearner(LearnerRegistry.regressor("kalman")).set(KalmanParams.GAMMA, 0.97)
                .setFeaturesCol("x").setLabelCol("y").setSnapshotEvery(600).save(path);
        RegisteredLearner loaded = RegisteredLearner.load(tEnv, path);
        assertEquals(LearnerDeclaration.Task.REGRESSION, loaded.declaration().task());
        assertEquals(0.97, loaded.get(KalmanParams.GAMMA));
        assertEquals(600L, loaded.getSnapshotEvery());

        RegisteredLearnerModel model = loaded.fit(table(tEnv, rows, TRAIN_TYPE));
        Table predictions = model.transform(table(tEnv, probeRows(PROBES.length), TEST_TYPE))[0];
        KalmanRegressor reference = new KalmanRegressor(KalmanConfig.builder().initialGamma(0.97).build());
        for (Row row : rows) {
            reference.learn(((DenseVector) row.getField(0)).values, row.<Double>getFieldAs(1));
        }
        List<Row> out = new ArrayList<>();
        tEnv.toDataStream(predictions).executeAndCollect().forEachRemaining(out::add);
        assertEquals(PROBES.length, out.size());
        for (Row row : out) {
            double[] probe = PROBES[(int) (long) row.<Long>getFieldAs("id")];
            assertEquals(reference.predict(probe), row.<Double>getFieldAs(model.getPredictionCol()), 0.0);
            assertEquals(0, row.<DenseVector>getFieldAs(model.getRawPredictionCol()).size());
            assertEquals(600L, row.<Long>getFieldAs(model.getModelVersionCol()));
        }
    }
}
