package io.flinkdrift.jobs.conformal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkdrift.jobs.FlinkDrift;
import io.flinkdrift.jobs.report.Charts;
import io.flinkdrift.jobs.report.ReportFiles;
import io.flinkdrift.jobs.report.RunReport;
import io.flinkdrift.jobs.testing.CommittedFiles;
import io.flinkdrift.operators.conformal.ConformalRegistry;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code conformal --report}: coverage, risk and width per window of answer ids, merged from the
 * partial summaries of two subtasks, equal a brute-force recomputation from the job's answers, and
 * the charts show them against the target.
 */
class ConformalReportTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int ROWS = 3000;
    private static final int WINDOW = 500;
    private static final int WARM_UP = 100;
    private static final double TOLERANCE = 1e-12;

    @Test
    void windowCoverageRiskAndWidthEqualTheBruteForceOnesAndAreCharted(@TempDir Path dir) throws Exception {
        Random random = new Random(5);
        List<String> lines = new ArrayList<>(List.of("k,yhat,y"));
        for (int i = 0; i < ROWS; i++) {
            double predicted = random.nextGaussian();
            double noise = i < ROWS / 2 ? 0.2 : 0.4; // the noise doubles half way: intervals must widen
            lines.add(String.format(Locale.ROOT, "k%d,%.17g,%.17g", i % 4, predicted,
                    predicted + noise * random.nextGaussian()));
        }
        Path csv = dir.resolve("predictions.csv");
        Files.write(csv, lines);
        Path summaryFile = dir.resolve("summary.json");
        Path reportDir = dir.resolve("report");
        assertEquals(0, FlinkDrift.commandLine().execute("conformal", "--source", "file:" + csv, "--key", "k",
                "--prediction", "yhat", "--label", "y", "--loss", "interval", "--alpha", "0.1", "--rho", "0.99",
                "--grid", "0:2:201", "--warm-up", String.valueOf(WARM_UP), "--window", String.valueOf(WINDOW),
                "--parallelism", "2", "--sink", "file:" + dir.resolve("out"), "--progress-interval", "0",
                "--summary", summaryFile.toString(), "--report", reportDir.toString()));
        ObjectMapper json = new ObjectMapper();
        ConformalSummary summary = json.treeToValue(json.readTree(summaryFile.toFile()).get("conformal"),
                ConformalSummary.class);

        List<JsonNode> answers = CommittedFiles.jsonLines(dir.resolve("out"));
        assertEquals(ROWS, answers.size());
        Map<Long, double[]> windows = new TreeMap<>(); // window -> {evaluated, size sum, labelled, loss sum, covered}
        for (JsonNode answer : answers) {
            if (answer.get("streamIndex").asLong() < WARM_UP) {
                continue;
            }
            double[] w = windows.computeIfAbsent(answer.get("id").asLong() / WINDOW, k -> new double[5]);
            w[0]++;
            w[1] += answer.get("size").asDouble();
            double loss = answer.get("loss").asDouble();
            w[2]++;
            w[3] += loss;
            w[4] += loss == 0 ? 1 : 0;
        }
        assertArrayEquals(windows.keySet().stream().mapToLong(w -> w * WINDOW).toArray(), summary.windowStarts);
        int i = 0;
        for (double[] w : windows.values()) {
            assertEquals(w[1] / w[0], summary.windowMeanSize[i], TOLERANCE);
            assertEquals(w[3] / w[2], summary.windowRisk[i], TOLERANCE);
            assertEquals(w[4] / w[2], summary.windowCoverage[i], 0.0);
            i++;
        }
        assertEquals(ROWS - 4 * WARM_UP, summary.labelled);
        assertEquals(1 - summary.meanLoss, summary.coverage, TOLERANCE);
        int last = summary.windowMeanSize.length - 1;
        assertEquals(true, summary.windowMeanSize[last] > 1.5 * summary.windowMeanSize[1],
                "intervals widen with the noise: " + summary.windowMeanSize[1] + " then " + summary.windowMeanSize[last]);

        RunReport report = ConformalJob.report(summary, ConformalRegistry.INTERVAL, 0.1, "t");
        assertEquals(List.of("coverage", "width"), report.entries().stream().map(RunReport.Entry::name).toList());
        XYChart coverage = report.entries().get(0).chart();
        assertEquals(List.of("coverage", "target 1 - alpha"), List.copyOf(coverage.getSeriesMap().keySet()));
        assertArrayEquals(summary.windowCoverage, coverage.getSeriesMap().get("coverage").getYData(), 0.0);
        assertArrayEquals(new double[] {0.9, 0.9}, coverage.getSeriesMap().get("target 1 - alpha").getYData(), 1e-15);
        XYChart width = report.entries().get(1).chart();
        assertArrayEquals(summary.windowMeanSize, width.getSeriesMap().get("width").getYData(), 0.0);
        assertEquals(Charts.WIDTH, width.getWidth());
        ReportFiles.assertChart(reportDir, "coverage");
        ReportFiles.assertChart(reportDir, "width");
    }

    @Test
    void aRiskLossIsChartedAgainstAlpha() {
        ConformalSummary summary = new ConformalSummary();
        summary.windowSize = 10;
        summary.windowStarts = new long[] {0, 10};
        summary.windowRisk = new double[] {0.05, 0.07};
        summary.windowCoverage = new double[] {0.5, 0.4};
        summary.windowMeanSize = new double[] {1, 2};
        RunReport report = ConformalJob.report(summary, ConformalRegistry.ABSOLUTE, 0.06, "t");
        XYChart risk = report.entries().get(0).chart();
        assertEquals("risk", report.entries().get(0).name());
        assertArrayEquals(summary.windowRisk, risk.getSeriesMap().get("risk").getYData(), 0.0);
        assertArrayEquals(new double[] {0.06, 0.06}, risk.getSeriesMap().get("target alpha").getYData(), 0.0);
    }
}
