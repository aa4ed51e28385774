package io.flinkdrift.operators.ml;

import io.flinkdrift.operators.conformal.ConformalBuilder;
import io.flinkdrift.operators.conformal.ConformalFunction;
import io.flinkdrift.operators.conformal.ConformalPrediction;
import io.flinkdrift.operators.conformal.ConformalRegistry;
import io.flinkdrift.operators.conformal.HasAlpha;
import io.flinkdrift.operators.conformal.HasGamma;
import io.flinkdrift.operators.conformal.HasLambdaGrid;
import io.flinkdrift.operators.conformal.HasLossBound;
import io.flinkdrift.operators.conformal.HasWeights;
import io.flinkdrift.operators.learning.ModelSnapshot;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.ml.common.datastream.TableUtils;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.ml.linalg.typeinfo.DenseVectorTypeInfo;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.WithParams;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Flink ML stages of conformal risk control, on a mini-cluster: fit emits each key's calibrated
 * state every snapshotEvery rows of the key, and transform answers every row exactly as the {@code
 * conformal} job's operator ({@link ConformalFunction}, built by {@link ConformalBuilder} from the
 * same settings) answers that row arriving right after the rows of the version the row reports, for
 * intervals ({@code nex-crc}, {@code interval} loss) and class sets ({@code aci}, {@code set} loss).
 */
class ConformalStagesTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final long SNAPSHOT_EVERY = 100;

    /** The columns of the interval rows: the model's point prediction and the real truth. */
    private static final RowTypeInfo INTERVAL_ROW = new RowTypeInfo(
            new TypeInformation<?>[] {Types.LONG, Types.STRING, Types.DOUBLE, Types.DOUBLE},
            new String[] {"id", "sensor", "yhat", "y"});

    /** The columns of the set rows: the model's class probabilities and the class index. */
    private static final RowTypeInfo SET_ROW = new RowTypeInfo(
            new TypeInformation<?>[] {Types.LONG, Types.STRING, DenseVectorTypeInfo.INSTANCE, Types.DOUBLE},
            new String[] {"id", "sensor", "scores", "y"});

    /** How one test builds the stage, the reference operator and its rows. */
    private static final class Case {
        final RowTypeInfo rowType;
        final RegisteredConformalEstimator stage;
        final ConformalBuilder job;
        final Function<Long, Row> trainingRow;
        final Function<Long, Row> probeRow;

        Case(RowTypeInfo rowType, RegisteredConformalEstimator stage, ConformalBuilder job,
                Function<Long, Row> trainingRow, Function<Long, Row> probeRow) {
            this.rowType = rowType;
            this.stage = stage;
            this.job = job;
            this.trainingRow = trainingRow;
            this.probeRow = probeRow;
        }
    }

    /** Key "a" two rows in three, "b" the third; every 7th row has no truth. */
    private static String key(long id) {
        return id % 3 == 2 ? "b" : "a";
    }

    /**
     * Intervals: predictions N(0, 0.1²) of a truth whose noise grows tenfold from row 300 on (a
     * change the controller must follow).
     */
    private static Case intervals() {
        SplittableRandom random = new SplittableRandom(5);
        double[][] values = new double[600][2];
        for (int i = 0; i < values.length; i++) {
            values[i][0] = 0.1 * random.nextGaussian();
            values[i][1] = (i < 300 ? 0.1 : 1.0) * random.nextGaussian();
        }
        RegisteredConformalEstimator stage = new RegisteredConformalEstimator(
                        ConformalRegistry.controller("nex-crc"), ConformalRegistry.loss("interval"))
                .set(HasAlpha.ALPHA, 0.2).set(HasWeights.RHO, 0.95).set(HasLambdaGrid.GRID, "0:3:61")
                .setPredictionCol("yhat");
        ConformalBuilder job = ConformalBuilder.forLoss(ConformalRegistry.INTERVAL)
                .controller(ConformalRegistry.NEX_CRC).alpha(0.2).rho(0.95).grid(0, 3, 61);
        return new Case(INTERVAL_ROW, stage, job,
                id -> Row.of(id, key(id), values[(int) (long) id][0], id % 7 == 6 ? null : values[(int) (long) id][1]),
                id -> Row.of(id, id % 2 == 0 ? "a" : "b", 0.5 * (id / 2 % 3), id % 5 == 0 ? null : 0.3 * (id / 2 % 4)));
    }

    /** Class sets: three classes, a noisy model whose accuracy drops from row 300 on. */
    private static Case sets() {
        SplittableRandom random = new SplittableRandom(7);
        double[][] scores = new double[600][];
        double[] labels = new double[600];
        for (int i = 0; i < scores.length; i++) {
            int label = random.nextInt(3);
            double[] p = {random.nextDouble(), random.nextDouble(), random.nextDouble()};
            p[label] += i < 300 ? 1.5 : 0.3;
            double sum = p[0] + p[1] + p[2];
            scores[i] = new double[] {p[0] / sum, p[1] / sum, p[2] / sum};
            labels[i] = label;
        }
        double[][] probes = {{0.7, 0.2, 0.1}, {0.4, 0.35, 0.25}, {0.1, 0.1, 0.8}};
        RegisteredConformalEstimator stage = new RegisteredConformalEstimator(
                        ConformalRegistry.controller("aci"), ConformalRegistry.loss("set"))
                .set(HasAlpha.ALPHA, 0.2).set(HasWeights.RHO, 0.95).set(HasGamma.GAMMA, 0.02)
                .setRawPredictionCol("scores");
        ConformalBuilder job = ConformalBuilder.forLoss(ConformalRegistry.SET)
                .controller(ConformalRegistry.ACI).alpha(0.2).rho(0.95).gamma(0.02);
        return new Case(SET_ROW, stage, job,
                id -> Row.of(id, key(id), new DenseVector(scores[(int) (long) id]),
                        id % 7 == 6 ? null : labels[(int) (long) id]),
                id -> Row.of(id, id % 2 == 0 ? "a" : "b", new DenseVector(probes[(int) (id / 2 % 3)]),
                        id % 5 == 0 ? null : (double) (id / 2 % 3)));
    }

    private static StreamTableEnvironment tableEnvironment(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        return StreamTableEnvironment.create(env);
    }

    private static Table table(StreamTableEnvironment tEnv, List<Row> rows, RowTypeInfo type) {
        return tEnv.fromDataStream(TableUtils.getExecutionEnvironment(tEnv).fromData(rows, type).setParallelism(1));
    }

    private static List<Row> rows(Function<Long, Row> row, int count) {
        List<Row> rows = new ArrayList<>();
        for (long id = 0; id < count; id++) {
            rows.add(row.apply(id));
        }
        return rows;
    }

    private static <T> List<T> collect(DataStream<T> stream) throws Exception {
        List<T> out = new ArrayList<>();
        stream.executeAndCollect().forEachRemaining(out::add);
        return out;
    }

    @Test
    void intervalsEqualTheConformalOperatorsRowByRow() throws Exception {
        List<Row> answered = fitThenTransformAnswersAsTheConformalOperator(intervals());
        assertEquals(List.of("id", "sensor", "yhat", "y", "lambda", "lower", "upper", "loss", "modelVersion"),
                List.of(answered.get(0).getFieldNames(true).toArray()));
    }

    @Test
    void classSetsEqualTheConformalOperatorsRowByRow() throws Exception {
        List<Row> answered = fitThenTransformAnswersAsTheConformalOperator(sets());
        assertEquals(List.of("id", "sensor", "scores", "y", "lambda", "set", "loss", "modelVersion"),
                List.of(answered.get(0).getFieldNames(true).toArray()));
    }

    /**
     * Fits the case's stage on 600 training rows at parallelism 1 (each key's rows in order) and
     * transforms 120 probe rows at parallelism 2 with the fitted versions; the reference is the job's
     * operator run on one stream per (key, version, probe row): the key's training rows up to the
     * version, then the probe row, whose answer must equal the transformed row's.
     */
    private static List<Row> fitThenTransformAnswersAsTheConformalOperator(Case test) throws Exception {
        StreamTableEnvironment fitting = tableEnvironment(1);
        List<Row> training = rows(test.trainingRow, 600);
        RegisteredConformalModel model = test.stage.setLabelCol("y").setKeyCol("sensor")
                .setSnapshotEvery(SNAPSHOT_EVERY).fit(table(fitting, training, test.rowType));
        assertEquals("sensor", model.getKeyCol(), "params are copied from the estimator to the model");
        assertEquals(0.2, model.get(HasAlpha.ALPHA));

        List<ModelSnapshot> versions = collect(OnlineLearnerModel.versions(fitting, model.getModelData()[0]));
        Map<String, List<Long>> versionsByKey = versions.stream().sorted(Comparator.comparingLong(v -> v.modelVersion))
                .collect(Collectors.groupingBy(v -> v.key, Collectors.mapping(v -> v.modelVersion, Collectors.toList())));
        assertEquals(Map.of("a", List.of(100L, 200L, 300L, 400L), "b", List.of(100L, 200L)), versionsByKey);

        StreamTableEnvironment tEnv = tableEnvironment(2);
        model.setModelData(tEnv.fromDataStream(TableUtils.getExecutionEnvironment(tEnv).fromData(versions)
                .setParallelism(1)));
        List<Row> probes = rows(test.probeRow, 120);
        List<Row> answered = collect(tEnv.toDataStream(model.transform(table(tEnv, probes, test.rowType))[0]));
        assertEquals(120, answered.size());

        Map<String, ConformalPrediction> reference = referenceAnswers(test, training, probes, versionsByKey);
        Set<Double> lambdas = new HashSet<>();
        for (Row row : answered) {
            String key = row.getFieldAs("sensor");
            long version = row.getFieldAs("modelVersion");
            assertTrue(versionsByKey.get(key).contains(version), "rows wait for their key's first version: " + row);
            ConformalPrediction expected = reference.get(key + "/" + version + "/" + row.<Long>getFieldAs("id"));
            assertEquals(expected.lambda, row.<Double>getFieldAs("lambda"), 0.0, "row " + row);
            assertEquals(expected.loss, row.<Double>getFieldAs("loss"), 0.0, "row " + row);
            if (test.rowType == INTERVAL_ROW) {
                assertEquals(expected.lower, row.<Double>getFieldAs("lower"), 0.0, "row " + row);
                assertEquals(expected.upper, row.<Double>getFieldAs("upper"), 0.0, "row " + row);
            } else {
                assertArrayEquals(expected.set, ints(row.getField("set")), "row " + row);
            }
            assertEquals(row.getField("y") == null, Double.isNaN(expected.loss), "a loss for every truth: " + row);
            lambdas.add(expected.lambda);
        }
        assertTrue(lambdas.size() > 1, "the versions must answer differently: " + lambdas);
        return answered;
    }

    /** An ARRAY&lt;INT&gt; field as the table gives it back. */
    private static int[] ints(Object field) {
        return field instanceof int[] ? (int[]) field
                : Arrays.stream((Integer[]) field).mapToInt(Integer::intValue).toArray();
    }

    /**
     * The answer of the job's operator to each probe row, keyed "key/version/id", after the key's
     * first {@code version} training rows, for every emitted version; a training row's time is its
     * position (the stage's rule for rows without a timestamp), a probe's that of the version's last row.
     */
    private static Map<String, ConformalPrediction> referenceAnswers(Case test, List<Row> training, List<Row> probes,
            Map<String, List<Long>> versionsByKey) throws Exception {
        List<Prediction> stream = new ArrayList<>();
        for (Map.Entry<String, List<Long>> key : versionsByKey.entrySet()) {
            for (long version : key.getValue()) {
                for (Row probe : probes) {
                    if (!probe.getField(1).equals(key.getKey())) {
                        continue;
                    }
                    String referenceKey = key.getKey() + "/" + version + "/" + probe.getField(0);
                    long taken = 0;
                    long lastTime = 0;
                    for (Row row : training) {
                        if (taken == version) {
                            break;
                        }
                        if (row.getField(1).equals(key.getKey())) {
                            lastTime = (Long) row.getField(0);
                            stream.add(prediction(test, row, referenceKey, lastTime));
                            taken++;
                        }
                    }
                    stream.add(prediction(test, probe, referenceKey, lastTime));
                    stream.get(stream.size() - 1).id = -1;
                }
            }
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        Map<String, ConformalPrediction> answers = new HashMap<>();
        for (ConformalPrediction answer : collect(env.fromData(stream).setParallelism(1)
                .keyBy(p -> p.key).process(new ConformalFunction(test.job.build())))) {
            if (answer.id == -1) {
                answers.put(answer.key, answer);
            }
        }
        return answers;
    }

    /** {@code row} as the job's input, written independently of the stage's reading of rows. */
    private static Prediction prediction(Case test, Row row, String key, long timestamp) {
        Prediction p = new Prediction();
        p.id = (Long) row.getField(0);
        p.key = key;
        p.timestamp = timestamp;
        if (test.rowType == INTERVAL_ROW) {
            p.prediction = (Double) row.getField(2);
        } else {
            p.probabilities = ((DenseVector) row.getField(2)).values;
        }
        p.label = row.getField(3) == null ? Double.NaN : (Double) row.getField(3);
        return p;
    }

    @Test
    void invalidSettingsAndMissingColumnsAreRefusedWithOneMessage() {
        RegisteredConformalEstimator pid = new RegisteredConformalEstimator(
                ConformalRegistry.controller("pid"), ConformalRegistry.loss("interval"));
        String builderMessage = assertThrows(IllegalArgumentException.class,
                () -> ConformalBuilder.forLoss(ConformalRegistry.INTERVAL)
                        .controller(ConformalRegistry.PID).rho(0.9).build()).getMessage();
        assertEquals("param rho does not apply to controller pid or loss interval", builderMessage);
        assertEquals(builderMessage, assertThrows(IllegalArgumentException.class,
                () -> pid.set(HasWeights.RHO, 0.9)).getMessage());
        assertEquals(builderMessage, assertThrows(IllegalArgumentException.class,
                () -> new RegisteredConformalModel(ConformalRegistry.controller("pid"), ConformalRegistry.loss("interval"))
                        .set(HasWeights.RHO, 0.9)).getMessage());
        assertEquals("param bound does not apply to controller nex-crc or loss set", assertThrows(
                IllegalArgumentException.class, () -> new RegisteredConformalEstimator(
                        ConformalRegistry.controller("nex-crc"), ConformalRegistry.loss("set"))
                        .set(HasLossBound.BOUND, 2.0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> pid.set(HasAlpha.ALPHA, -0.1), "validated");

        assertEquals(0.1, pid.get(HasAlpha.ALPHA), "the params start at the conformal job's defaults");
        assertNull(pid.getKeyCol());
        assertEquals("prediction", pid.getPredictionCol());
        assertEquals("rawPrediction", pid.getRawPredictionCol());
        assertEquals("label", pid.getLabelCol());
        assertEquals("lambda", pid.getLambdaCol());
        assertEquals("set", pid.getSetCol());
        assertEquals("modelVersion", pid.getModelVersionCol());

        StreamTableEnvironment tEnv = tableEnvironment(1);
        Table intervalRows = table(tEnv, rows(intervals().trainingRow, 10), INTERVAL_ROW);
        // combinations the validators cannot see are refused, as by the conformal job, before a job runs
        RegisteredConformalEstimator aci = new RegisteredConformalEstimator(
                        ConformalRegistry.controller("aci"), ConformalRegistry.loss("interval"))
                .set(HasWeights.WEIGHTS, HasWeights.SIMILARITY).setPredictionCol("yhat").setLabelCol("y");
        assertEquals("controller aci takes exponential, time or unit weights",
                assertThrows(IllegalArgumentException.class, () -> aci.fit(intervalRows)).getMessage());
        RegisteredConformalEstimator infeasible = new RegisteredConformalEstimator(
                        ConformalRegistry.controller("nex-crc"), ConformalRegistry.loss("interval"))
                .set(HasAlpha.ALPHA, 0.015).setPredictionCol("yhat").setLabelCol("y");
        assertEquals(assertThrows(IllegalArgumentException.class, () -> ConformalBuilder.forLoss(
                        ConformalRegistry.INTERVAL).alpha(0.015).build()).getMessage(),
                assertThrows(IllegalArgumentException.class, () -> infeasible.fit(intervalRows)).getMessage());
        // the column a loss reads, and the truth to calibrate with
        RegisteredConformalEstimator set = new RegisteredConformalEstimator(
                ConformalRegistry.controller("nex-crc"), ConformalRegistry.loss("set")).setLabelCol("y");
        assertEquals("Column 'rawPrediction' is not in the input table [id, sensor, yhat, y]",
                assertThrows(IllegalArgumentException.class, () -> set.fit(intervalRows)).getMessage());
        RegisteredConformalEstimator unlabelled = new RegisteredConformalEstimator(
                ConformalRegistry.controller("nex-crc"), ConformalRegistry.loss("interval")).setPredictionCol("yhat");
        assertEquals("Column 'label' is not in the input table [id, sensor, yhat, y]",
                assertThrows(IllegalArgumentException.class, () -> unlabelled.fit(intervalRows)).getMessage());
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
    void saveAndLoadKeepTheControllerLossParamsAndModelData(@TempDir Path dir) throws Exception {
        StreamTableEnvironment tEnv = tableEnvironment(1);
        RegisteredConformalEstimator estimator = sets().stage.setLabelCol("y").setKeyCol("sensor")
                .setSetCol("classes").setSnapshotEvery(150);
        estimator.save(dir.resolve("estimator").toString());
        RegisteredConformalEstimator loadedEstimator =
                RegisteredConformalEstimator.load(tEnv, dir.resolve("estimator").toString());
        assertEquals("aci", loadedEstimator.controller().name());
        assertEquals("set", loadedEstimator.loss().name());
        assertEquals(values(estimator), values(loadedEstimator));

        RegisteredConformalModel model = loadedEstimator.fit(table(tEnv, rows(sets().trainingRow, 600), SET_ROW));
        model.save(dir.resolve("model").toString());
        TableUtils.getExecutionEnvironment(tEnv).execute("save model data");
        List<ModelSnapshot> fitted = collect(OnlineLearnerModel.versions(tEnv, model.getModelData()[0]));

        StreamTableEnvironment other = tableEnvironment(1);
        RegisteredConformalModel loaded = RegisteredConformalModel.load(other, dir.resolve("model").toString());
        assertEquals("aci", loaded.controller().name());
        assertEquals("set", loaded.loss().name());
        assertEquals(values(model), values(loaded));
        assertEquals(0.02, loaded.get(HasGamma.GAMMA));
        List<ModelSnapshot> saved = collect(OnlineLearnerModel.versions(other, loaded.getModelData()[0]));
        Comparator<ModelSnapshot> order = Comparator.comparing((ModelSnapshot v) -> v.key)
                .thenComparingLong(v -> v.modelVersion);
        fitted.sort(order);
        saved.sort(order);
        assertEquals(List.of("a", "a", "b"), saved.stream().map(v -> v.key).collect(Collectors.toList()));
        assertEquals(fitted, saved);
    }
}
