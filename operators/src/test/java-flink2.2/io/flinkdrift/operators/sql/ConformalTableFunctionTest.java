package io.flinkdrift.operators.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkdrift.operators.conformal.ConformalBuilder;
import io.flinkdrift.operators.conformal.ConformalFunction;
import io.flinkdrift.operators.conformal.ConformalPrediction;
import io.flinkdrift.operators.conformal.ConformalRegistry;
import io.flinkdrift.operators.conformal.HasWeights;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The conformal process table functions, run by {@code TableEnvironment.executeSql} on a
 * MiniCluster, answer every row exactly (λ̂, interval or set, realised loss, running risk, split
 * role, infeasibility, N<sub>w</sub>, stream index) as {@link ConformalFunction}, the DataStream
 * operator of the {@code conformal} job, does on the same predictions with the same {@link
 * ConformalBuilder} settings, for every controller; rows with a NULL model output or an invalid
 * truth carry their reason; and a missing or mistyped column, an unknown controller or loss, or an
 * invalid setting fails when the statement is planned, naming what is wrong.
 */
class ConformalTableFunctionTest {

    private static final int ROWS = 1_200;

    /** k, id, the point prediction, three class probabilities, and the truth for each. */
    private static final TypeInformation<Row> ROW_TYPE = Types.ROW_NAMED(
            new String[] {"k", "id", "prediction", "probabilities", "label", "class_label"},
            Types.STRING, Types.LONG, Types.DOUBLE, Types.OBJECT_ARRAY(Types.DOUBLE), Types.DOUBLE, Types.INT);

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = SqlExamples.cluster();

    @Test
    void intervalsOfNonExchangeableCrcEqualTheDataStreamOperator() throws Exception {
        assertSqlEqualsDataStream(true, "", "grid=0:5:101, alpha=0.1",
                ConformalBuilder.forLoss(ConformalRegistry.INTERVAL).grid(0, 5, 101).alpha(0.1));
    }

    @Test
    void absoluteLossIntervalsOfAdaptiveConformalInferenceEqualTheDataStreamOperator() throws Exception {
        assertSqlEqualsDataStream(true, ", loss => 'absolute', controller => 'aci'",
                "bound=2, grid=0:5:101, weights=unit, gamma=0.02, calibrateEvery=3",
                ConformalBuilder.forLoss(ConformalRegistry.ABSOLUTE).bound(2).grid(0, 5, 101)
                        .controller(ConformalRegistry.ACI).weights(HasWeights.UNIT)
                        .gamma(0.02).calibrateEvery(3));
    }

    @Test
    void setsOfPidControlEqualTheDataStreamOperator() throws Exception {
        assertSqlEqualsDataStream(false, ", controller => 'pid'", "alpha=0.1, eta=0.03, calibrateEvery=1",
                ConformalBuilder.forLoss(ConformalRegistry.SET).controller(ConformalRegistry.PID)
                        .alpha(0.1).eta(0.03).calibrateEvery(1));
    }

    @Test
    void setsOfSimilarityWeightsEqualTheDataStreamOperator() throws Exception {
        assertSqlEqualsDataStream(false, ", loss => 'set', controller => 'nex-crc'",
                "weights=similarity, capacity=200, bandwidth=0.5, alpha=0.15",
                ConformalBuilder.forLoss(ConformalRegistry.SET).weights(HasWeights.SIMILARITY)
                        .capacity(200).bandwidth(0.5).alpha(0.15));
    }

    @Test
    void setsOfRhoExpertsEqualTheDataStreamOperator() throws Exception {
        assertSqlEqualsDataStream(false, ", controller => 'rho-experts'", "rhos=0.99;0.999, gamma=0",
                ConformalBuilder.forLoss(ConformalRegistry.SET).controller(ConformalRegistry.RHO_EXPERTS)
                        .rhos(0.99, 0.999).gamma(0));
    }

    @Test
    void aMissingLabelOrAWrongColumnTypeFailsAtPlanning() {
        assertPlanningFails("SELECT k, prediction FROM predictions", "conformal_intervals", "",
                "conformal intervals: the input table has no column 'label', which must be a numeric column "
                        + "(the truth, NULL when unknown); its columns are k, prediction");
        assertPlanningFails("SELECT k, CAST(prediction AS STRING) AS prediction, label FROM predictions",
                "conformal_intervals", "",
                "conformal intervals: column 'prediction' is STRING but must be a numeric column (the point prediction)");
        assertPlanningFails("SELECT k, prediction AS probabilities, class_label AS label FROM predictions",
                "conformal_sets", "",
                "conformal sets: column 'probabilities' is DOUBLE but must be an ARRAY of numbers");
    }

    @Test
    void anUnknownControllerOrLossOrAnInvalidParamFailsAtPlanning() {
        String sets = "SELECT k, probabilities, class_label AS label FROM predictions";
        assertPlanningFails(sets, "conformal_sets", ", controller => 'kalman'",
                "conformal sets: controller must be one of nex-crc, aci, pid, rho-experts, got 'kalman'");
        assertPlanningFails(sets, "conformal_sets", ", loss => 'hinge'",
                "conformal sets: loss must be one of interval, absolute, set, fnr, got 'hinge'");
        assertPlanningFails(sets, "conformal_sets", ", loss => 'interval'",
                "conformal sets: loss interval makes intervals, not sets: the losses of sets are set and fnr");
        assertPlanningFails("SELECT * FROM predictions", "conformal_intervals", ", params => 'weights=time'",
                "conformal intervals: weights time needs event time");
        assertPlanningFails("SELECT * FROM predictions", "conformal_intervals", ", params => 'alpha=1.5'",
                "conformal intervals: ");
        assertPlanningFails("SELECT * FROM predictions", "conformal_intervals", ", params => 'window=5'",
                "conformal intervals: conformal control has no param 'window'");
    }

    /**
     * Runs the function in SQL with {@code arguments} after the table and {@code params}, and {@link
     * ConformalFunction} built by {@code builder} over the same predictions, and compares every row.
     */
    private static void assertSqlEqualsDataStream(boolean intervals, String arguments, String params,
            ConformalBuilder builder) throws Exception {
        List<Row> rows = rows();
        Map<Long, ConformalPrediction> expected = dataStream(rows, intervals, builder);

        StreamTableEnvironment tEnv = tableEnvironment(rows);
        String function = intervals ? "conformal_intervals" : "conformal_sets";
        String view = intervals ? "SELECT k, id, prediction, label FROM predictions"
                : "SELECT k, id, probabilities, class_label AS label FROM predictions";
        tEnv.executeSql("CREATE TEMPORARY VIEW input_rows AS " + view);
        String call = "SELECT * FROM " + function + "(input => TABLE input_rows PARTITION BY k" + arguments
                + ", params => '" + params + "')";
        int answered = 0;
        int rejected = 0;
        int invalidTruths = 0;
        try (CloseableIterator<Row> it = tEnv.executeSql(call).collect()) {
            while (it.hasNext()) {
                Row row = it.next();
                long id = row.<Long>getFieldAs("id");
                String where = function + arguments + ", id " + id;
                ConformalPrediction want = expected.get(id);
                if (want == null) {
                    assertEquals("MISSING_COLUMN: column 'probabilities' is NULL", row.getField("rejection"), where);
                    assertNull(row.getField("lambda"), where);
                    rejected++;
                    continue;
                }
                assertEquals(want.lambda, row.<Double>getFieldAs("lambda"), 0.0, where);
                if (intervals) {
                    assertEquals(want.lower, row.<Double>getFieldAs("lower_bound"), 0.0, where);
                    assertEquals(want.upper, row.<Double>getFieldAs("upper_bound"), 0.0, where);
                } else {
                    Integer[] members = row.getFieldAs("prediction_set");
                    assertArrayEquals(want.set, Arrays.stream(members).mapToInt(Integer::intValue).toArray(),
                            where);
                    assertEquals(want.set.length, row.<Integer>getFieldAs("set_size"), where);
                }
                assertEquals(nullIfNaN(want.loss), row.getField("loss"), where);
                assertEquals(nullIfNaN(want.runningRisk), row.getField("running_risk"), where);
                assertEquals(want.calibrates, row.getField("calibrates"), where);
                assertEquals(want.infeasible, row.getField("infeasible"), where);
                assertEquals(want.weightSum, row.<Double>getFieldAs("weight_sum"), 0.0, where);
                assertEquals(want.streamIndex, row.<Long>getFieldAs("stream_index"), where);
                if (!Double.isNaN(want.label) && Double.isNaN(want.loss)) {
                    assertTrue(row.<String>getFieldAs("rejection").startsWith("OUT_OF_RANGE: label "), where);
                    invalidTruths++;
                } else {
                    assertNull(row.getField("rejection"), where);
                }
                answered++;
            }
        }
        assertEquals(expected.size(), answered, "rows answered like the DataStream operator");
        assertEquals(intervals ? 0 : ROWS / 250, rejected, "rows without a model output");
        long negativeClasses = rows.stream().filter(row -> Integer.valueOf(-1).equals(row.getField(5))).count();
        assertEquals(intervals ? 0 : negativeClasses, invalidTruths, "rows with a negative class");
        assertTrue(intervals || invalidTruths > 0, "the rows have negative classes");
    }

    private static Double nullIfNaN(double value) {
        return Double.isNaN(value) ? null : value;
    }

    /**
     * The predictions: regression values whose noise grows along the stream and class
     * probabilities whose classes are drawn from a drifting mixture of them, three keys, every
     * seventh row unlabelled, every 101st with class -1 and every 250th without probabilities.
     */
    private static List<Row> rows() {
        Random random = new Random(42);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            boolean unlabelled = i % 7 == 6;
            double prediction = 0.1 * random.nextGaussian();
            double truth = prediction + (1 + i / 400.0) * random.nextGaussian();
            double[] logits = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            Double[] probabilities = softmax(logits);
            int drawn = i < ROWS / 2 ? draw(probabilities, random.nextDouble()) : random.nextInt(3);
            Integer classLabel = unlabelled ? null : i % 101 == 100 ? -1 : drawn;
            rows.add(Row.of("k" + i % 3, (long) i, prediction, i % 250 == 249 ? null : probabilities,
                    unlabelled ? null : truth, classLabel));
        }
        return rows;
    }

    private static Double[] softmax(double[] logits) {
        double sum = 0;
        for (double logit : logits) {
            sum += Math.exp(logit);
        }
        Double[] p = new Double[logits.length];
        for (int c = 0; c < p.length; c++) {
            p[c] = Math.exp(logits[c]) / sum;
        }
        return p;
    }

    private static int draw(Double[] probabilities, double u) {
        double cumulative = 0;
        for (int c = 0; c < probabilities.length; c++) {
            cumulative += probabilities[c];
            if (u < cumulative) {
                return c;
            }
        }
        return probabilities.length - 1;
    }

    /** The answers of {@link ConformalFunction} to the rows that have a model output, by id. */
    private static Map<Long, ConformalPrediction> dataStream(List<Row> rows, boolean intervals,
            ConformalBuilder builder) throws Exception {
        List<Prediction> predictions = new ArrayList<>();
        for (Row row : rows) {
            // the fields of ROW_TYPE, by position
            Prediction p = new Prediction();
            p.key = (String) row.getField(0);
            p.id = (Long) row.getField(1);
            if (intervals) {
                p.prediction = (Double) row.getField(2);
                p.label = row.getField(4) == null ? Double.NaN : (Double) row.getField(4);
            } else {
                Double[] probabilities = (Double[]) row.getField(3);
                if (probabilities == null) {
                    continue;
                }
                p.probabilities = Arrays.stream(probabilities).mapToDouble(Double::doubleValue).toArray();
                p.label = row.getField(5) == null ? Double.NaN : (Integer) row.getField(5);
            }
            predictions.add(p);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<ConformalPrediction> answers = env.fromData(predictions).setParallelism(1)
                .keyBy(p -> p.key)
                .process(new ConformalFunction(builder.build()))
                .returns(TypeInformation.of(ConformalPrediction.class));
        Map<Long, ConformalPrediction> byId = new HashMap<>();
        try (CloseableIterator<ConformalPrediction> it = answers.executeAndCollect()) {
            it.forEachRemaining(a -> byId.put(a.id, a));
        }
        assertEquals(predictions.size(), byId.size(), "DataStream answers");
        return byId;
    }

    /** A table environment with view {@code predictions} of {@code rows} and the functions registered. */
    private static StreamTableEnvironment tableEnvironment(List<Row> rows) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        tEnv.createTemporaryView("predictions", tEnv.fromDataStream(env.fromData(rows, ROW_TYPE).setParallelism(1)));
        tEnv.createTemporarySystemFunction("conformal_intervals", ConformalIntervals.class);
        tEnv.createTemporarySystemFunction("conformal_sets", ConformalSets.class);
        return tEnv;
    }

    /** Planning {@code function} over the view {@code query}, with {@code arguments} after the table, fails saying {@code message}. */
    private static void assertPlanningFails(String query, String function, String arguments, String message) {
        SqlExamples.assertPlanningFails(tableEnvironment(rows().subList(0, 10)), query, function, arguments, message);
    }
}
