package io.flinkdrift.operators.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.flinkdrift.operators.learners.KalmanParams;
import io.flinkdrift.operators.learners.LearnerDeclaration;
import io.flinkdrift.operators.learners.LearnerRegistry;
import io.flinkdrift.operators.learners.ParamValues;
import io.flinkdrift.operators.learners.RlsParams;
import io.flinkdrift.operators.learning.PrequentialFunction;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The prequential process table functions, run by {@code TableEnvironment.executeSql} on a
 * MiniCluster, give row by row exactly (predicted class or value, probabilities, model version) what
 * {@link PrequentialFunction}, the DataStream operator of the {@code classify} and {@code regress}
 * jobs, gives on the same rows with the same learner and settings; and a statement with a missing or
 * mistyped column or an invalid learner setting fails when it is planned, naming what is wrong.
 */
class PrequentialTableFunctionTest {

    private static final int ROWS = 1_200;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = SqlExamples.cluster();

    @Test
    void classificationByKalmanFilterEqualsTheDataStreamOperator() throws Exception {
        assertSqlEqualsDataStream(false, "kalman", "gamma=0.99, learnGamma=false",
                values -> values.set(KalmanParams.GAMMA, 0.99).set(KalmanParams.LEARN_GAMMA, false));
    }

    @Test
    void classificationByRandomFeaturesEqualsTheDataStreamOperator() throws Exception {
        assertSqlEqualsDataStream(false, "rvfl", "seed=7,forgetting=0.98",
                values -> values.set(RlsParams.SEED, 7L).set(RlsParams.FORGETTING, 0.98));
    }

    @Test
    void classificationByPassiveAggressiveEqualsTheDataStreamOperator() throws Exception {
        assertSqlEqualsDataStream(false, "passive-aggressive", "aggressiveness=0.2",
                values -> values.set(LearnerRegistry.AGGRESSIVENESS, 0.2));
    }

    @Test
    void classificationByKnnEqualsTheDataStreamOperator() throws Exception {
        assertSqlEqualsDataStream(false, "knn", "knnWindow=30,neighbours=3",
                values -> values.set(LearnerRegistry.KNN_WINDOW, 30).set(LearnerRegistry.NEIGHBOURS, 3));
    }

    @Test
    void regressionByRlsEqualsTheDataStreamOperator() throws Exception {
        assertSqlEqualsDataStream(true, "rls", "forgetting=0.99", values -> values.set(RlsParams.FORGETTING, 0.99));
    }

    @Test
    void regressionByKalmanFilterWithDefaultsEqualsTheDataStreamOperator() throws Exception {
        assertSqlEqualsDataStream(true, "kalman", null, values -> {});
    }

    @Test
    void aMissingLabelColumnFailsAtPlanning() {
        assertPlanningFails("SELECT k, features FROM examples", "classify", "",
                "prequential classification: the input table has no column 'label', which must be a numeric "
                        + "column (the label, NULL when unknown); its columns are k, features");
    }

    @Test
    void aWrongColumnTypeFailsAtPlanning() {
        assertPlanningFails("SELECT k, CAST(id AS STRING) AS features, label FROM examples", "regress", "",
                "prequential regression: column 'features' is STRING but must be an ARRAY of numbers (the features)");
        assertPlanningFails("SELECT k, features, CAST(label AS STRING) AS label FROM examples", "classify", "",
                "column 'label' is STRING but must be a numeric column");
    }

    @Test
    void anUnknownLearnerOrAnInvalidParamFailsAtPlanning() {
        assertPlanningFails("SELECT * FROM examples", "classify", ", learner => 'perceptron'",
                "learner 'perceptron' is not one of ensemble-switch, kalman-rvfl-switch, kalman, no-change, majority, rls, rvfl, kalman-rvfl");
        assertPlanningFails("SELECT * FROM examples", "classify", ", learner => 'rls', params => 'gamma=0.9'",
                "learner rls has no param 'gamma'");
        assertPlanningFails("SELECT * FROM examples", "regress", ", params => 'forgetting=1.5'",
                "param forgetting 1.5 is invalid");
    }

    /**
     * Runs {@code learner} with {@code params} over the same rows in SQL and as the DataStream
     * operator with {@code setParams} applied to the learner's defaults, and compares every row.
     */
    private static void assertSqlEqualsDataStream(boolean regression, String learner, String params,
            Consumer<ParamValues> setParams) throws Exception {
        List<Example> examples = SqlExamples.examples(ROWS, regression);
        LearnerDeclaration<?> declaration = regression
                ? LearnerRegistry.regressor(learner) : LearnerRegistry.classifier(learner);
        ParamValues values = declaration.defaultValues();
        setParams.accept(values);
        Map<Long, Prediction> expected = dataStream(examples, declaration, values);

        StreamTableEnvironment tEnv = tableEnvironment(examples);
        String call = "SELECT id, prediction, " + (regression ? "" : "probabilities, ")
                + "model_version, rejection FROM " + (regression ? "regress" : "classify")
                + "(input => TABLE examples PARTITION BY k, learner => '" + learner + "'"
                + (params == null ? "" : ", params => '" + params + "'") + ")";
        int rows = 0;
        long labelled = 0;
        try (CloseableIterator<Row> it = tEnv.executeSql(call).collect()) {
            while (it.hasNext()) {
                Row row = it.next();
                long id = row.<Long>getFieldAs("id");
                Prediction want = expected.get(id);
                String where = learner + ", id " + id;
                if (regression) {
                    assertEquals(want.prediction, row.<Double>getFieldAs("prediction"), 0.0, where);
                } else {
                    assertEquals((int) want.prediction, row.<Integer>getFieldAs("prediction"), where);
                    Double[] probabilities = row.getFieldAs("probabilities");
                    double[] got = new double[probabilities.length];
                    for (int i = 0; i < got.length; i++) {
                        got[i] = probabilities[i];
                    }
                    assertArrayEquals(want.probabilities, got, 0.0, where);
                }
                assertEquals(want.modelVersion, row.<Long>getFieldAs("model_version"), where);
                assertNull(row.getField("rejection"), where);
                labelled += want.labelled() ? 1 : 0;
                rows++;
            }
        }
        assertEquals(ROWS, rows, "rows answered");
        assertEquals(ROWS - ROWS / 7, labelled, "rows the models learned from");
    }

    /** The predictions of the DataStream operator, by id. */
    private static Map<Long, Prediction> dataStream(List<Example> examples, LearnerDeclaration<?> declaration,
            ParamValues values) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<Prediction> predictions = env.fromData(examples).setParallelism(1)
                .keyBy(example -> example.key)
                .process(new PrequentialFunction<>(declaration.model(values, 0)))
                .returns(TypeInformation.of(Prediction.class));
        Map<Long, Prediction> byId = new HashMap<>();
        try (CloseableIterator<Prediction> it = predictions.executeAndCollect()) {
            it.forEachRemaining(p -> byId.put(p.id, p));
        }
        assertEquals(examples.size(), byId.size(), "DataStream predictions");
        return byId;
    }

    /** A table environment with view {@code examples} of {@code examples} and the functions registered. */
    static StreamTableEnvironment tableEnvironment(List<Example> examples) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        DataStream<Row> rows = env.fromData(examples.stream().map(SqlExamples::row).toList(), SqlExamples.ROW_TYPE)
                .setParallelism(1);
        tEnv.createTemporaryView("examples", tEnv.fromDataStream(rows));
        tEnv.createTemporarySystemFunction("classify", PrequentialClassification.class);
        tEnv.createTemporarySystemFunction("regress", PrequentialRegression.class);
        return tEnv;
    }

    /** Planning {@code function} over the view {@code query}, with {@code arguments} after the table, fails saying {@code message}. */
    private static void assertPlanningFails(String query, String function, String arguments, String message) {
        SqlExamples.assertPlanningFails(tableEnvironment(SqlExamples.examples(10, false)), query, function, arguments,
                message);
    }
}
