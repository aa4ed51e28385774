package io.flinkdrift.operators.ml;

import io.flinkdrift.operators.density.DensityBuilder;
import io.flinkdrift.operators.density.DensityEstimatorDeclaration;
import io.flinkdrift.operators.density.DensityEstimatorRegistry;
import io.flinkdrift.operators.density.DensityScore;
import io.flinkdrift.operators.density.HasExperts;
import io.flinkdrift.operators.density.HasGrid;
import io.flinkdrift.operators.density.HasWindow;
import io.flinkdrift.operators.density.HasWindowSelection;
import io.flinkdrift.operators.learning.ModelSnapshot;
import io.flinkdrift.records.Example;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.ml.common.datastream.TableUtils;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.ml.linalg.typeinfo.DenseVectorTypeInfo;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.WithParams;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Flink ML stages of the density estimators, on a mini-cluster: fit emits each key's versions
 * every snapshotEvery accepted points, and transform scores every row exactly as the {@code
 * density} job's operator ({@link io.flinkdrift.operators.density.DensityEstimationFunction}, built
 * by {@link DensityBuilder}) scores that point arriving right after the points of the version the
 * row reports, for a histogram (experts) and the kernel estimate (kde).
 */
class DensityStagesTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final RowTypeInfo POINT_TYPE = new RowTypeInfo(
            new TypeInformation<?>[] {Types.LONG, Types.STRING, DenseVectorTypeInfo.INSTANCE},
            new String[] {"id", "sensor", "x"});

    private static final long SNAPSHOT_EVERY = 150;

    private static final double[][] PROBES = {{0.1, 0.1}, {0.8, 0.7}, {1.5, 0.5}};

    /**
     * Keys "a" (2/3 of the points) and "b": uniform on the unit square, then from point 450 on in its
     * lower-left quarter (an abrupt change); point 100 has a NaN coordinate, which no estimator adds.
     */
    private static List<Example> points() {
        SplittableRandom random = new SplittableRandom(3);
        List<Example> points = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            double scale = i < 450 ? 1.0 : 0.25;
            double[] x = {scale * random.nextDouble(), scale * random.nextDouble()};
            if (i == 100) {
                x[0] = Double.NaN;
            }
            points.add(new Example(i, i % 3 == 2 ? "b" : "a", i, x, Double.NaN, Example.UNKNOWN_CONCEPT));
        }
        return points;
    }

    private static List<Row> rows(List<Example> points) {
        return points.stream().map(p -> Row.of(p.id, p.key, new DenseVector(p.features))).collect(Collectors.toList());
    }

    /** 200 rows per key cycling through the probes. */
    private static List<Row> probeRows() {
        List<Row> rows = new ArrayList<>();
        for (long id = 0; id < 400; id++) {
            rows.add(Row.of(id, id % 2 == 0 ? "a" : "b", new DenseVector(PROBES[(int) (id / 2 % PROBES.length)])));
        }
        return rows;
    }

    private static StreamTableEnvironment tableEnvironment(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        return StreamTableEnvironment.create(env);
    }

    private static Table table(StreamTableEnvironment tEnv, List<Row> rows) {
        return tEnv.fromDataStream(TableUtils.getExecutionEnvironment(tEnv).fromData(rows, POINT_TYPE)
                .setParallelism(1));
    }

    private static <T> List<T> collect(org.apache.flink.streaming.api.datastream.DataStream<T> stream)
            throws Exception {
        List<T> out = new ArrayList<>();
        stream.executeAndCollect().forEachRemaining(out::add);
        return out;
    }

    private static RegisteredDensityEstimator experts() {
        return new RegisteredDensityEstimator(DensityEstimatorRegistry.find("experts"))
                .set(HasGrid.GRID_LO, new Double[] {0.0}).set(HasGrid.GRID_HI, new Double[] {1.0})
                .set(HasGrid.BINS, 8).set(HasExperts.EXPERT_MIN_EXPONENT, 2).set(HasExperts.SWITCH_RATE, 0.01);
    }

    private static DensityBuilder expertsJob() {
        return DensityBuilder.of(DensityBuilder.Estimator.EXPERTS).grid(0, 1, 8).experts(2, 30, 0.01);
    }

    private static RegisteredDensityEstimator kde() {
        return new RegisteredDensityEstimator(DensityEstimatorRegistry.find("kde"))
                .set(HasGrid.BINS, 8).set(HasWindowSelection.MAX_WINDOW_EXPONENT, 9)
                .set(HasWindowSelection.MIN_WINDOW_EXPONENT, 3).set(HasWindowSelection.RESELECT_EVERY, 16);
    }

    private static DensityBuilder kdeJob() {
        return DensityBuilder.of(DensityBuilder.Estimator.KDE).grid(0, 1, 8).windowSelection(9, 3, 16, 0.1, 1.0);
    }

    @Test
    void expertsScoresEqualTheDensityOperatorsRowByRow() throws Exception {
        fitThenTransformScoresAsTheDensityOperator(experts(), expertsJob());
    }

    @Test
    void kdeScoresEqualTheDensityOperatorsRowByRow() throws Exception {
        fitThenTransformScoresAsTheDensityOperator(kde(), kdeJob());
    }

    /**
     * Fits {@code stage} on {@link #points} (at parallelism 1, so that each key's points arrive in
     * order) and transforms {@link #probeRows} at parallelism 2 with the fitted versions; the
     * reference is {@code job}'s operator run on one stream per (key, version, probe): the key's
     * points up to that version's last accepted one, then the probe, whose score must equal the row's.
     */
    private static void fitThenTransformScoresAsTheDensityOperator(RegisteredDensityEstimator stage,
            DensityBuilder job) throws Exception {
        StreamTableEnvironment fitting = tableEnvironment(1);
        List<Example> points = points();
        RegisteredDensityModel model = stage.setFeaturesCol("x").setKeyCol("sensor")
                .setSnapshotEvery(SNAPSHOT_EVERY).fit(table(fitting, rows(points)));
        assertEquals("sensor", model.getKeyCol(), "params are copied from the estimator to the model");

        List<ModelSnapshot> versions = collect(OnlineLearnerModel.versions(fitting, model.getModelData()[0]));
        Map<String, List<Long>> versionsByKey = versions.stream().sorted(Comparator.comparingLong(v -> v.modelVersion))
                .collect(Collectors.groupingBy(v -> v.key, Collectors.mapping(v -> v.modelVersion, Collectors.toList())));
        // key a has 600 points, one of them unusable; key b 300
        assertEquals(Map.of("a", List.of(150L, 300L, 450L), "b", List.of(150L, 300L)), versionsByKey);

        StreamTableEnvironment tEnv = tableEnvironment(2);
        model.setModelData(tEnv.fromDataStream(TableUtils.getExecutionEnvironment(tEnv).fromData(versions)
                .setParallelism(1)));
        List<Row> scored = collect(tEnv.toDataStream(model.transform(table(tEnv, probeRows()))[0]));
        assertEquals(400, scored.size());
        assertEquals(List.of("id", "sensor", "x", "logDensity", "outOfRange", "modelVersion"),
                List.of(scored.get(0).getFieldNames(true).toArray()));

        Map<String, DensityScore> reference = referenceScores(job, points, versionsByKey);
        for (Row row : scored) {
            String key = row.getFieldAs("sensor");
            long version = row.getFieldAs("modelVersion");
            assertTrue(versionsByKey.get(key).contains(version), "rows wait for their key's first version: " + version);
            int probe = (int) (row.<Long>getFieldAs("id") / 2 % PROBES.length);
            DensityScore expected = reference.get(key + "/" + version + "/" + probe);
            assertEquals(expected.logDensity, row.<Double>getFieldAs("logDensity"), 0.0, "row " + row);
            assertEquals(expected.outOfRange, row.<Boolean>getFieldAs("outOfRange"), "row " + row);
        }
        for (int probe = 0; probe < 2; probe++) {
            assertNotEquals(reference.get("a/150/" + probe).logDensity, reference.get("a/450/" + probe).logDensity,
                    "the versions must score differently");
        }
    }

    /**
     * The score of each probe by the density operator of {@code job}, keyed "key/version/probe", after
     * the key's points up to its {@code version}-th accepted one, for every emitted version.
     */
    private static Map<String, DensityScore> referenceScores(DensityBuilder job, List<Example> points,
            Map<String, List<Long>> versionsByKey) throws Exception {
        List<Example> stream = new ArrayList<>();
        for (Map.Entry<String, List<Long>> key : versionsByKey.entrySet()) {
            for (long version : key.getValue()) {
                for (int probe = 0; probe < PROBES.length; probe++) {
                    String referenceKey = key.getKey() + "/" + version + "/" + probe;
                    long accepted = 0;
                    for (Example point : points) {
                        if (accepted == version) {
                            break;
                        }
                        if (point.key.equals(key.getKey())) {
                            stream.add(new Example(point.id, referenceKey, point.timestamp, point.features,
                                    Double.NaN, Example.UNKNOWN_CONCEPT));
                            accepted += Double.isNaN(point.features[0]) ? 0 : 1;
                        }
                    }
                    stream.add(new Example(-1, referenceKey, 0, PROBES[probe], Double.NaN, Example.UNKNOWN_CONCEPT));
                }
            }
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        Map<String, DensityScore> probeScores = new HashMap<>();
        for (DensityScore score : collect(env.fromData(stream).setParallelism(1)
                .keyBy(example -> example.key).process(job.function()))) {
            if (score.id == -1) {
                probeScores.put(score.key, score);
            }
        }
        return probeScores;
    }

    @Test
    void aSettingTheEstimatorDoesNotTakeIsRefusedWithTheRegistrysMessage() {
        DensityEstimatorDeclaration<?> kde = DensityEstimatorRegistry.find("kde");
        String registryMessage = assertThrows(IllegalArgumentException.class, () -> kde.param("window")).getMessage();
        assertTrue(registryMessage.startsWith("estimator kde has no param 'window'; its params are gridLo"),
                registryMessage);
        assertEquals(registryMessage, assertThrows(IllegalArgumentException.class,
                () -> new RegisteredDensityEstimator(kde).set(HasWindow.WINDOW, 100)).getMessage());
        assertEquals(registryMessage, assertThrows(IllegalArgumentException.class,
                () -> new RegisteredDensityModel(kde).set(HasWindow.WINDOW, 100)).getMessage());

        RegisteredDensityEstimator fixed = new RegisteredDensityEstimator(DensityEstimatorRegistry.find("fixed"));
        assertEquals(4096, fixed.get(HasWindow.WINDOW), "the estimator's params start at its defaults");
        assertEquals(16, fixed.get(HasGrid.BINS));
        assertEquals("features", fixed.getFeaturesCol());
        assertNull(fixed.getKeyCol());
        assertEquals("logDensity", fixed.getLogDensityCol());
        assertEquals("outOfRange", fixed.getOutOfRangeCol());
        assertEquals("modelVersion", fixed.getModelVersionCol());
        assertEquals(100L, fixed.getSnapshotEvery());
        assertThrows(IllegalArgumentException.class, () -> fixed.set(HasWindow.WINDOW, 0), "validated");
        assertThrows(IllegalArgumentException.class, () -> fixed.set(HasGrid.BINS, 0));
        // a combination the validators cannot see is refused by the estimator's declaration before a job runs
        Table points = table(tableEnvironment(1), rows(points()));
        assertThrows(IllegalArgumentException.class, () -> fixed.set(HasGrid.GRID_LO, new Double[] {2.0}).fit(points));
    }

    /** The param values of {@code stage} by name, array values as lists (compared by content). */
    private static Map<String, Object> values(WithParams<?> stage) {
        Map<String, Object> values = new HashMap<>();
        for (Map.Entry<Param<?>, Object> entry : stage.getParamMap().entrySet()) {
            Object value = entry.getValue();
            values.put(entry.getKey().name, value instanceof Object[] ? Arrays.asList((Object[]) value) : value);
        }
        return values;
    }

    @Test
    void saveAndLoadKeepTheEstimatorParamsAndModelData(@TempDir Path dir) throws Exception {
        StreamTableEnvironment tEnv = tableEnvironment(1);
        RegisteredDensityEstimator estimator = kde().set(HasWindowSelection.DELTA, 0.05).setFeaturesCol("x")
                .setKeyCol("sensor").setLogDensityCol("score").setSnapshotEvery(100);
        estimator.save(dir.resolve("estimator").toString());
        RegisteredDensityEstimator loadedEstimator =
                RegisteredDensityEstimator.load(tEnv, dir.resolve("estimator").toString());
        assertEquals("kde", loadedEstimator.declaration().name());
        assertEquals(values(estimator), values(loadedEstimator));

        RegisteredDensityModel model = loadedEstimator.fit(table(tEnv, rows(points())));
        model.save(dir.resolve("model").toString());
        TableUtils.getExecutionEnvironment(tEnv).execute("save model data");
        List<ModelSnapshot> fitted = collect(OnlineLearnerModel.versions(tEnv, model.getModelData()[0]));

        StreamTableEnvironment other = tableEnvironment(1);
        RegisteredDensityModel loaded = RegisteredDensityModel.load(other, dir.resolve("model").toString());
        assertEquals("kde", loaded.declaration().name());
        assertEquals(values(model), values(loaded));
        assertEquals(0.05, loaded.get(HasWindowSelection.DELTA));
        List<ModelSnapshot> saved = collect(OnlineLearnerModel.versions(other, loaded.getModelData()[0]));
        Comparator<ModelSnapshot> order = Comparator.comparing((ModelSnapshot v) -> v.key)
                .thenComparingLong(v -> v.modelVersion);
        fitted.sort(order);
        saved.sort(order);
        assertEquals(List.of("a", "a", "a", "a", "a", "b", "b", "b"),
                saved.stream().map(v -> v.key).collect(Collectors.toList()));
        assertEquals(fitted, saved);
    }
}
