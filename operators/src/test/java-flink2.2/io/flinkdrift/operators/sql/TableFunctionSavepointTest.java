package io.flinkdrift.operators.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkdrift.records.Example;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A SQL job calling a process table function is stopped with a savepoint mid-stream and resumed
 * from it: the rows of both runs together are exactly those of an uninterrupted run, each row
 * answered once, so every partition's state came back from the savepoint as it was: the model of
 * {@link PrequentialClassification}, and the controller and progress of {@link ConformalSets} fed
 * by it.
 */
class TableFunctionSavepointTest {

    private static final int ROWS = 900;
    private static final int CUT = 500;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String CLASSIFY = "SELECT id, prediction, probabilities, model_version, rejection FROM "
            + "classify(input => TABLE examples PARTITION BY k, learner => 'kalman', uid => 'classifier')";
    /** The classifier's probabilities, with conformal sets; the first rows of a key have none. */
    private static final String[] CLASSIFY_THEN_CONFORMAL = {
        "CREATE TEMPORARY VIEW classified AS SELECT k, id, probabilities, label FROM classify("
                + "input => TABLE examples PARTITION BY k, learner => 'kalman', uid => 'classifier')",
        "SELECT id, prediction_set, lambda, loss, running_risk, weight_sum, stream_index, rejection FROM conformal_sets("
                + "input => TABLE classified PARTITION BY k, controller => 'pid', params => 'calibrateEvery=1',"
                + " uid => 'conformal')"
    };

    private static final List<Example> EXAMPLES = SqlExamples.examples(ROWS, false);
    private static final ConcurrentLinkedQueue<Row> OUTPUT = new ConcurrentLinkedQueue<>();
    /** Never completes: the first run's source waits on it after {@link #CUT} rows. */
    private static final CompletableFuture<Void> HELD = new CompletableFuture<>();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = SqlExamples.cluster();

    @Test
    void aResumedClassifierAnswersEveryRowAsAnUninterruptedOne(@TempDir Path savepoints) throws Exception {
        Map<Long, Row> answers = stopAndResume(savepoints, CLASSIFY);
        Example afterCut = EXAMPLES.get(CUT + 2);
        long learnedBefore = EXAMPLES.subList(0, CUT + 2).stream()
                .filter(e -> e.key.equals(afterCut.key) && e.labelled())
                .count();
        assertEquals(learnedBefore, answers.get(afterCut.id).<Long>getFieldAs("model_version"),
                "the model of row " + afterCut.id + "'s key had learned from every labelled row before it");
    }

    @Test
    void aResumedConformalControllerAnswersEveryRowAsAnUninterruptedOne(@TempDir Path savepoints)
            throws Exception {
        Map<Long, Row> answers = stopAndResume(savepoints, CLASSIFY_THEN_CONFORMAL);
        Example afterCut = EXAMPLES.get(CUT + 2);
        long before = EXAMPLES.subList(0, CUT + 2).stream().filter(e -> e.key.equals(afterCut.key)).count();
        assertEquals(before, answers.get(afterCut.id).<Long>getFieldAs("stream_index"),
                "row " + afterCut.id + " follows every row of its key");
        assertTrue(answers.values().stream().filter(row -> row.getField("loss") != null).count() > ROWS / 2,
                "rows with a realised loss");
    }

    /**
     * Runs {@code statements} (views, then the query) uninterrupted, then stopped with a savepoint
     * after {@link #CUT} rows and resumed; asserts that every row is answered once and as in the
     * uninterrupted run, without rejection.
     *
     * @return the answers of the stopped and resumed runs, by id
     */
    private static Map<Long, Row> stopAndResume(Path savepoints, String... statements) throws Exception {
        OUTPUT.clear();
        StreamExecutionEnvironment uninterrupted = pipeline(Long.MAX_VALUE, statements);
        uninterrupted.execute("uninterrupted");
        Map<Long, Row> expected = byId(OUTPUT.stream().toList());
        assertEquals(ROWS, expected.size());

        OUTPUT.clear();
        JobClient held = pipeline(CUT, statements).executeAsync("before the savepoint");
        awaitOutput(CUT, held.getJobID());
        String savepoint = held.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(CUT, OUTPUT.size(), "rows answered before the savepoint");

        StreamExecutionEnvironment resumed = pipeline(Long.MAX_VALUE, statements);
        StreamGraph graph = resumed.getStreamGraph();
        graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        resumed.execute(graph);

        Map<Long, Row> answers = byId(OUTPUT.stream().toList());
        assertEquals(ROWS, OUTPUT.size(), "every row answered once");
        for (Map.Entry<Long, Row> want : expected.entrySet()) {
            Row got = answers.get(want.getKey());
            assertEquals(want.getValue(), got, "row " + want.getKey());
            assertNull(got.getField("rejection"));
        }
        return answers;
    }

    /**
     * The SQL job of {@code statements} over {@link #EXAMPLES}, its source held after {@code limit}
     * rows, collecting into {@link #OUTPUT}.
     */
    private static StreamExecutionEnvironment pipeline(long limit, String... statements) {
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(2);
        AtomicLong acquired = new AtomicLong();
        RateLimiterStrategy<?> holdAfterLimit = parallelism -> records ->
                acquired.addAndGet(records) <= limit ? CompletableFuture.completedFuture(null) : HELD;
        DataGeneratorSource<Row> source = new DataGeneratorSource<>(i -> SqlExamples.row(EXAMPLES.get(i.intValue())),
                ROWS, holdAfterLimit, SqlExamples.ROW_TYPE);
        DataStream<Row> rows = env.fromSource(source, WatermarkStrategy.noWatermarks(), "examples")
                .uid("examples")
                .setParallelism(1);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        tEnv.createTemporaryView("examples", tEnv.fromDataStream(rows));
        tEnv.createTemporarySystemFunction("classify", PrequentialClassification.class);
        tEnv.createTemporarySystemFunction("conformal_sets", ConformalSets.class);
        for (int i = 0; i < statements.length - 1; i++) {
            tEnv.executeSql(statements[i]);
        }
        tEnv.toDataStream(tEnv.sqlQuery(statements[statements.length - 1])).sinkTo(context -> new Collect())
                .uid("collect");
        return env;
    }

    private static Map<Long, Row> byId(List<Row> rows) {
        Map<Long, Row> byId = new HashMap<>();
        for (Row row : rows) {
            assertNull(byId.put(row.<Long>getFieldAs("id"), row), "row " + row + " answered twice");
        }
        return byId;
    }

    private static void awaitOutput(int count, JobID job) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (OUTPUT.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + job + ": " + OUTPUT.size() + " of " + count + " rows after "
                        + TIMEOUT);
            }
            Thread.sleep(20);
        }
    }

    /** Collects the rows in {@link #OUTPUT}. */
    private static final class Collect implements SinkWriter<Row> {

        @Override
        public void write(Row row, Context context) {
            OUTPUT.add(row);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
    }
}
