package io.flinkdrift.jobs.density;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkdrift.generators.DriftGenerator;
import io.flinkdrift.generators.Generators;
import io.flinkdrift.jobs.FlinkDrift;
import io.flinkdrift.jobs.report.Charts;
import io.flinkdrift.jobs.report.ReportFiles;
import io.flinkdrift.jobs.report.RunReport;
import io.flinkdrift.jobs.testing.CommittedFiles;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code density --report}: the estimator's mean window, the mean log-density and the drift events
 * per window of ids, merged from the partial summaries of two subtasks, equal a brute-force
 * recomputation from the job's scores, the concept changes equal the generator's, and the charts
 * show them.
 */
class DensityReportTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String SPEC = "mixture?mode=abrupt&period=4000&seed=3&keys=2";
    private static final int RECORDS = 12000;
    private static final int WINDOW = 1000;

    @Test
    void seriesEqualTheBruteForceOnesAndAreCharted(@TempDir Path dir) throws Exception {
        Path summaryFile = dir.resolve("summary.json");
        Path reportDir = dir.resolve("report");
        assertEquals(0, FlinkDrift.commandLine().execute("density", "--source", "synthetic:" + SPEC,
                "--max-records", String.valueOf(RECORDS), "--grid-lo", "-12", "--grid-hi", "12", "--bins", "12",
                "--estimator", "adaptive", "--summary-window", String.valueOf(WINDOW), "--parallelism", "2",
                "--sink", "file:" + dir.resolve("out"), "--progress-interval", "0",
                "--summary", summaryFile.toString(), "--report", reportDir.toString()));
        ObjectMapper json = new ObjectMapper();
        DensitySummary summary = json.treeToValue(json.readTree(summaryFile.toFile()).get("density"),
                DensitySummary.class);

        List<JsonNode> scores = CommittedFiles.jsonLines(dir.resolve("out"));
        assertEquals(RECORDS, scores.size());
        Map<Long, double[]> windows = new TreeMap<>(); // window -> {added, window sum, scored, log-density sum, drifts}
        for (JsonNode score : scores) {
            double[] w = windows.computeIfAbsent(score.get("id").asLong() / WINDOW, k -> new double[5]);
            if (score.get("added").asBoolean()) {
                w[0]++;
                w[1] += score.get("window").asLong();
            }
            if (score.get("logDensity").isNumber()) {
                w[2]++;
                w[3] += score.get("logDensity").asDouble();
            }
            w[4] += score.get("drift").asBoolean() ? 1 : 0;
        }
        assertArrayEquals(windows.keySet().stream().mapToLong(w -> w * WINDOW).toArray(), summary.seriesStarts);
        int i = 0;
        for (double[] w : windows.values()) {
            assertEquals(w[1] / w[0], summary.seriesMeanWindow[i], 0.0);
            assertEquals(w[3] / w[2], summary.seriesMeanLogDensity[i], 1e-12 * Math.abs(w[3] / w[2]));
            assertEquals((long) w[4], summary.seriesDriftEvents[i]);
            i++;
        }
        assertArrayEquals(conceptChanges(), summary.conceptChanges);
        assertArrayEquals(new long[] {4000, 8000}, summary.conceptChanges);
        assertTrue(summary.driftEvents > 0, "the adaptive window shrinks at an abrupt change: " + summary.driftEvents);

        RunReport report = DensityJob.report(summary, "t");
        assertEquals(List.of("window", "log-density"), report.entries().stream().map(RunReport.Entry::name).toList());
        XYChart window = report.entries().get(0).chart();
        assertEquals(List.of("window", DensityJob.DRIFT_EVENTS, Charts.CONCEPT_CHANGES),
                List.copyOf(window.getSeriesMap().keySet()));
        assertArrayEquals(summary.seriesMeanWindow, window.getSeriesMap().get("window").getYData(), 0.0);
        assertEquals(3 * summary.driftEventIds.length, window.getSeriesMap().get(DensityJob.DRIFT_EVENTS).getXData().length);
        assertArrayEquals(summary.seriesMeanLogDensity,
                report.entries().get(1).chart().getSeriesMap().get("log-density").getYData(), 0.0);
        ReportFiles.assertChart(reportDir, "window");
        ReportFiles.assertChart(reportDir, "log-density");
    }

    /** Brute force: the ids whose concept differs from the previous id's. */
    private static long[] conceptChanges() {
        DriftGenerator generator = Generators.fromSpec(SPEC);
        List<Long> changes = new ArrayList<>();
        for (long i = 1; i < RECORDS; i++) {
            if (generator.generate(i).concept != generator.generate(i - 1).concept) {
                changes.add(i);
            }
        }
        return changes.stream().mapToLong(Long::longValue).toArray();
    }
}
