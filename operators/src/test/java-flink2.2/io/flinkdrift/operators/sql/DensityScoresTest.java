package io.flinkdrift.operators.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkdrift.operators.density.DensityBuilder;
import io.flinkdrift.operators.density.DensityScore;
import io.flinkdrift.records.Example;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link DensityScores}, run by {@code TableEnvironment.executeSql} on a MiniCluster, scores every
 * row exactly (log-density, out-of-range, added, window, drift) as {@link
 * io.flinkdrift.operators.density.DensityEstimationFunction}, the {@code density} job's operator,
 * does on the same rows (a Gaussian mixture that jumps every 300 rows) with the same estimator and
 * grid; a wrong column type, estimator or setting fails at planning.
 */
class DensityScoresTest {

    private static final int ROWS = 1_500;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = SqlExamples.cluster();

    @Test
    void adaptiveHistogramScoresEqualTheDataStreamOperator() throws Exception {
        assertSqlEqualsDataStream(DensityBuilder.Estimator.ADAPTIVE, "gridLo=-12, gridHi=12, bins=6");
    }

    @Test
    void expertsScoresEqualTheDataStreamOperator() throws Exception {
        assertSqlEqualsDataStream(DensityBuilder.Estimator.EXPERTS, "gridLo=-12, gridHi=12, bins=6");
    }

    @Test
    void kernelDensityScoresEqualTheDataStreamOperator() throws Exception {
        assertSqlEqualsDataStream(DensityBuilder.Estimator.KDE, " gridHi = 12,gridLo=-12.0,bins=6.0");
    }

    /** Every param of an estimator's declaration is reachable from SQL, arrays with one number per feature. */
    @Test
    void everyParamOfTheEstimatorIsReachable() throws Exception {
        assertSqlEqualsDataStream(DensityBuilder.Estimator.KDE,
                "gridLo=-12;-11, gridHi=12, bins=6, maxWindowExponent=9, minWindowExponent=3, reselectEvery=16, "
                        + "delta=0.05, thresholdMultiplier=0.7, bandwidth=2;3",
                DensityBuilder.of(DensityBuilder.Estimator.KDE).grid(new double[] {-12, -11}, new double[] {12}, 6)
                        .windowSelection(9, 3, 16, 0.05, 0.7).bandwidth(2, 3));
    }

    @Test
    void aWrongFeatureTypeEstimatorOrParamFailsAtPlanning() {
        StreamTableEnvironment tEnv = PrequentialTableFunctionTest.tableEnvironment(SqlExamples.examples(10, false));
        tEnv.createTemporarySystemFunction("density", DensityScores.class);
        tEnv.executeSql("CREATE TEMPORARY VIEW points AS SELECT k, CAST(label AS INT) AS features FROM examples");
        SqlExamples.assertPlanningFails(tEnv, "SELECT * FROM density(input => TABLE points PARTITION BY k)",
                "density scores: column 'features' is INT but must be an ARRAY of numbers (the point)");
        SqlExamples.assertPlanningFails(tEnv,
                "SELECT * FROM density(input => TABLE examples PARTITION BY k, estimator => 'parzen')",
                "density scores: --estimator must be one of adaptive, fixed, exponential, kde, experts, got 'parzen'");
        SqlExamples.assertPlanningFails(tEnv,
                "SELECT * FROM density(input => TABLE examples PARTITION BY k, params => 'bins=2.5')",
                "density scores: param bins: 2.5 is not a whole number");
        SqlExamples.assertPlanningFails(tEnv,
                "SELECT * FROM density(input => TABLE examples PARTITION BY k, params => 'bins=8, gridHi=-1')",
                "density scores: need finite lo[0] < hi[0], got 0.0 and -1.0");
        SqlExamples.assertPlanningFails(tEnv,
                "SELECT * FROM density(input => TABLE examples PARTITION BY k, params => 'window=8')",
                "density scores: estimator experts has no param 'window'");
    }

    private static void assertSqlEqualsDataStream(DensityBuilder.Estimator estimator, String params)
            throws Exception {
        assertSqlEqualsDataStream(estimator, params, DensityBuilder.of(estimator).grid(-12, 12, 6));
    }

    private static void assertSqlEqualsDataStream(DensityBuilder.Estimator estimator, String params,
            DensityBuilder builder) throws Exception {
        List<Example> examples = SqlExamples.generated("mixture?mode=abrupt&period=300", ROWS);
        Map<Long, DensityScore> expected = dataStream(examples, builder);

        StreamTableEnvironment tEnv = PrequentialTableFunctionTest.tableEnvironment(examples);
        tEnv.createTemporarySystemFunction("density", DensityScores.class);
        String call = "SELECT id, log_density, out_of_range, added, `window`, drift, rejection FROM density("
                + "input => TABLE examples PARTITION BY k, estimator => '" + estimator.cliName() + "', "
                + "params => '" + params + "')";
        int rows = 0;
        Set<Integer> windows = new HashSet<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(call).collect()) {
            while (it.hasNext()) {
                Row row = it.next();
                long id = row.<Long>getFieldAs("id");
                DensityScore want = expected.get(id);
                String where = estimator + ", id " + id;
                assertEquals(want.logDensity, row.<Double>getFieldAs("log_density"), 0.0, where);
                assertEquals(want.outOfRange, row.getField("out_of_range"), where);
                assertEquals(want.added, row.getField("added"), where);
                assertEquals(want.window, row.<Integer>getFieldAs("window"), where);
                assertEquals(want.drift, row.getField("drift"), where);
                assertNull(row.getField("rejection"), where);
                windows.add(want.window);
                rows++;
            }
        }
        assertEquals(ROWS, rows, "rows scored");
        assertTrue(windows.size() > 2, "each partition's window grew as its estimator saw rows: " + windows);
    }

    private static Map<Long, DensityScore> dataStream(List<Example> examples, DensityBuilder builder)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<DensityScore> scores = env.fromData(examples).setParallelism(1)
                .keyBy(example -> example.key)
                .process(builder.function())
                .returns(TypeInformation.of(DensityScore.class));
        Map<Long, DensityScore> byId = new HashMap<>();
        try (CloseableIterator<DensityScore> it = scores.executeAndCollect()) {
            it.forEachRemaining(score -> byId.put(score.id, score));
        }
        assertEquals(examples.size(), byId.size(), "DataStream scores");
        return byId;
    }
}
