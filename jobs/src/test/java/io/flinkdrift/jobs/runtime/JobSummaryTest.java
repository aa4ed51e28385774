package io.flinkdrift.jobs.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkdrift.formats.ParseFunction;
import io.flinkdrift.jobs.cli.CommonOptions;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.util.OptionalFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobSummaryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A metrics object as the jobs' summaries are: public double fields and arrays. */
    public static final class Metrics {
        public double rmse = Double.POSITIVE_INFINITY;
        public double mae = 0.25;
        public double[] perWindow = {0.5, Double.NaN, Double.NEGATIVE_INFINITY};
    }

    private static JobExecutionResult result(long netRuntimeMillis, Map<String, Object> accumulators) {
        Map<String, OptionalFailure<Object>> values = new HashMap<>();
        accumulators.forEach((name, value) -> values.put(name, OptionalFailure.of(value)));
        return new JobExecutionResult(new JobID(), netRuntimeMillis, values);
    }

    private static CommonOptions options() {
        CommonOptions options = new CommonOptions();
        options.source = "synthetic:sea";
        options.stateBackend = "heap";
        options.parallelism = 1;
        return options;
    }

    @TempDir
    Path dir;

    /** The JSON the summary writes to its --summary file. */
    private JsonNode write(JobSummary summary) throws Exception {
        Path file = dir.resolve("summary.json");
        summary.write(file.toString(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return JSON.readTree(file.toFile());
    }

    /** What the summary prints on the terminal. */
    private static List<String> console(JobSummary summary, String path) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        summary.write(path, new PrintStream(console, true, StandardCharsets.UTF_8));
        return console.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void theTerminalGetsAnAlignedTableWithBaselinesAndTheInputBalanceNotJson() throws Exception {
        JobExecutionResult result = result(4_000, Map.of(ParseFunction.RECORDS_READ, 1_200L,
                ParseFunction.RECORDS_ACCEPTED, 1_150L, ParseFunction.RECORDS_REJECTED, 50L,
                CountingFunction.FIRST_RECORD_MILLIS, 10_000L, CountingFunction.LAST_RECORD_MILLIS, 12_000L));
        JobSummary summary = JobSummary.of("classify", options(), result).putInput(result)
                .put("records", 1_150L)
                .figure("accuracy", 0.857671, JobSummary.baseline("no-change", 0.5348))
                .figure("log-loss", Double.NaN)
                .figure("labelled", 1_150L);
        Path file = dir.resolve("s.json");

        assertEquals(List.of(
                "[flink-drift] classify on synthetic:sea: 1,150 records in 4.0 s (575 records/s)",
                "  input read 1,200 = accepted 1,150 + rejected 50",
                "                     baseline",
                "  accuracy  0.85767  no-change 0.53480",
                "  log-loss      n/a",
                "  labelled    1,150",
                "  every figure: " + file), console(summary, file.toString()));
        assertEquals(1_150, JSON.readTree(file.toFile()).get("records").longValue(), "the JSON is in the file");
        assertEquals("  (--summary FILE writes every figure as JSON)",
                console(JobSummary.of("density", options(), result(0, Map.of())), null).get(1));
    }

    @Test
    void nonFiniteNumbersAreWrittenAsNullNotAsStrings() throws Exception {
        JsonNode json = write(JobSummary.of("regress", options(), result(1000, Map.of()))
                .put("nan", Double.NaN)
                .put("metrics", new Metrics()));
        assertTrue(json.get("nan").isNull());
        assertTrue(json.get("metrics").get("rmse").isNull());
        assertEquals(0.25, json.get("metrics").get("mae").doubleValue());
        JsonNode perWindow = json.get("metrics").get("perWindow");
        assertEquals(0.5, perWindow.get(0).doubleValue());
        assertTrue(perWindow.get(1).isNull() && perWindow.get(2).isNull(), perWindow.toString());
    }

    @Test
    void recordsPerSecondCountFromTheFirstRecordToTheLast() throws Exception {
        JsonNode json = write(JobSummary.of("classify", options(), result(60_000, Map.of(
                CountingFunction.FIRST_RECORD_MILLIS, 10_000L, CountingFunction.LAST_RECORD_MILLIS, 14_000L)))
                .put("records", 1000));
        assertEquals(60.0, json.get("seconds").doubleValue());
        assertEquals(4.0, json.get("processingSeconds").doubleValue());
        assertEquals(250, json.get("recordsPerSecond").longValue(), "1000 records in 4 s, not in the 60 s run");

        JsonNode oneRecord = write(JobSummary.of("classify", options(), result(60_000, Map.of(
                CountingFunction.FIRST_RECORD_MILLIS, 10_000L, CountingFunction.LAST_RECORD_MILLIS, 10_000L)))
                .put("records", 1));
        assertFalse(oneRecord.has("recordsPerSecond"), "no rate from a single instant");
    }

    @Test
    void theInputCarriesTheClassNamesInIndexOrder() throws Exception {
        JobExecutionResult result = result(1000, Map.of(ParseFunction.RECORDS_READ, 3L,
                ParseFunction.RECORDS_ACCEPTED, 3L, ParseFunction.RECORDS_REJECTED, 0L,
                ParseFunction.CLASS_NAMES, List.of("0", "1", "UP")));
        JsonNode json = write(JobSummary.of("classify", options(), result).putInput(result));
        assertEquals(List.of("0", "1", "UP"), JSON.convertValue(json.get("input").get("classes"), List.class));
    }

    @Test
    void theRejectedFractionIsCheckedAgainstItsMaximum() {
        JobRunner.checkRejectedFraction(result(0, Map.of()), 0.0);
        JobRunner.checkRejectedFraction(counts(10, 3), 0.3);
        RunFailure tooMany = assertThrows(RunFailure.class, () -> JobRunner.checkRejectedFraction(counts(10, 4), 0.3));
        assertEquals("4 of 10 input records (0.400) were rejected, more than --max-rejected-fraction 0.3 "
                + "(reasons in --dead-letter)", tooMany.getMessage());
        RunFailure all = assertThrows(RunFailure.class, () -> JobRunner.checkRejectedFraction(counts(7, 7), 1.0));
        assertEquals("every one of the 7 input records was rejected (reasons in --dead-letter)", all.getMessage());
    }

    private static JobExecutionResult counts(long read, long rejected) {
        return result(0, Map.of(ParseFunction.RECORDS_READ, read, ParseFunction.RECORDS_REJECTED, rejected));
    }
}
