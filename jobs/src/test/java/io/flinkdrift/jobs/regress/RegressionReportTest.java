package io.flinkdrift.jobs.regress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkdrift.jobs.FlinkDrift;
import io.flinkdrift.jobs.report.ReportFiles;
import io.flinkdrift.jobs.testing.CommittedFiles;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code regress --report}: the per-window MAE and RMSE of the learner and of the no-change baseline,
 * merged from the partial summaries of two subtasks, equal a brute-force recomputation from the
 * job's predictions, and the chart shows them.
 */
class RegressionReportTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int ROWS = 3000;
    private static final int WINDOW = 500;
    private static final double TOLERANCE = 1e-9;

    @Test
    void windowErrorsOfTheLearnerAndTheBaselineEqualTheBruteForceOnesAndAreCharted(@TempDir Path dir)
            throws Exception {
        Path csv = dir.resolve("keyed.csv");
        Random random = new Random(11);
        List<String> lines = new ArrayList<>(List.of("k,x,y"));
        for (int i = 0; i < ROWS; i++) {
            double x = random.nextDouble();
            double slope = i < ROWS / 2 ? 2 : -1; // an abrupt change half way
            lines.add(String.format(Locale.ROOT, "k%d,%s,%s", i % 3, x, slope * x + 0.1 * random.nextGaussian()));
        }
        Files.write(csv, lines);
        Path summaryFile = dir.resolve("summary.json");
        Path reportDir = dir.resolve("report");
        assertEquals(0, FlinkDrift.commandLine().execute("regress", "--source", "file:" + csv, "--key", "k",
                "--label", "y", "--learner", "rls", "--forgetting", "0.99", "--window", String.valueOf(WINDOW),
                "--parallelism", "2", "--sink", "file:" + dir.resolve("out"), "--progress-interval", "0",
                "--summary", summaryFile.toString(), "--report", reportDir.toString()));
        ObjectMapper json = new ObjectMapper();
        RegressionSummary summary = json.treeToValue(json.readTree(summaryFile.toFile()).get("regression"),
                RegressionSummary.class);

        List<JsonNode> predictions = CommittedFiles.jsonLines(dir.resolve("out"));
        assertEquals(ROWS, predictions.size());
        // learner: |label - prediction| of each finite prediction; no-change: label - previous label of
        // the key, in the order the key's model saw them (its version counts its labels)
        Map<Long, double[]> windows = new TreeMap<>(); // window -> {n, abs, sq, n0, abs0, sq0}
        double[] noChange = new double[3];
        Map<String, List<JsonNode>> byKey = predictions.stream().collect(Collectors.groupingBy(p -> p.get("key").asText()));
        for (List<JsonNode> keyed : byKey.values()) {
            keyed.sort(Comparator.comparingLong(p -> p.get("modelVersion").asLong()));
            for (int i = 0; i < keyed.size(); i++) {
                JsonNode p = keyed.get(i);
                double[] w = windows.computeIfAbsent(p.get("id").asLong() / WINDOW, k -> new double[6]);
                double label = p.get("label").asDouble();
                add(w, 0, label - p.get("prediction").asDouble());
                if (i > 0) {
                    double error = label - keyed.get(i - 1).get("label").asDouble();
                    add(w, 3, error);
                    add(noChange, 0, error);
                }
            }
        }
        assertEquals(noChange[1] / noChange[0], summary.noChangeMae, TOLERANCE);
        assertEquals(Math.sqrt(noChange[2] / noChange[0]), summary.noChangeRmse, TOLERANCE);
        assertArrayEquals(windows.keySet().stream().mapToLong(w -> w * WINDOW).toArray(), summary.windowStarts);
        int i = 0;
        for (double[] w : windows.values()) {
            assertEquals((long) w[0], summary.windowLabelled[i]);
            assertEquals(w[1] / w[0], summary.windowMae[i], TOLERANCE);
            assertEquals(Math.sqrt(w[2] / w[0]), summary.windowRmse[i], TOLERANCE);
            assertEquals(w[4] / w[3], summary.windowNoChangeMae[i], TOLERANCE);
            assertEquals(Math.sqrt(w[5] / w[3]), summary.windowNoChangeRmse[i], TOLERANCE);
            i++;
        }
        assertEquals(0, summary.conceptChanges.length, "a file has no concept ids");

        XYChart chart = RegressJob.report(summary, "t").entries().get(0).chart();
        assertEquals(List.of("learner", "no-change"), List.copyOf(chart.getSeriesMap().keySet()));
        assertArrayEquals(summary.windowMae, chart.getSeriesMap().get("learner").getYData(), 0.0);
        assertArrayEquals(summary.windowNoChangeMae, chart.getSeriesMap().get("no-change").getYData(), 0.0);
        ReportFiles.assertChart(reportDir, "error");
    }

    private static void add(double[] sums, int from, double error) {
        sums[from]++;
        sums[from + 1] += Math.abs(error);
        sums[from + 2] += error * error;
    }
}
