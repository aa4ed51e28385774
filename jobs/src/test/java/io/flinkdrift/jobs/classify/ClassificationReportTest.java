package io.flinkdrift.jobs.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkdrift.jobs.FlinkDrift;
import io.flinkdrift.jobs.report.Charts;
import io.flinkdrift.jobs.report.ReportFiles;
import io.flinkdrift.jobs.report.RunReport;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code classify --report}: the accuracy chart of a run beside the no-change baseline, which the
 * client replays from the generator and must equal what a {@code --learner no-change} run measures.
 */
class ClassificationReportTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String SOURCE = "synthetic:sea?keys=3&seed=7&changeEvery=2000";

    @Test
    void theNoChangeReplayEqualsANoChangeRunAndTheReportChartsBoth(@TempDir Path dir) throws Exception {
        Path summaryFile = dir.resolve("summary.json");
        Path reportDir = dir.resolve("report");
        assertEquals(0, FlinkDrift.commandLine().execute("classify", "--source", SOURCE, "--max-records", "6000",
                "--learner", "no-change", "--window", "1000", "--parallelism", "2", "--sink", "none",
                "--progress-interval", "0", "--summary", summaryFile.toString(), "--report", reportDir.toString()));
        ClassificationSummary summary = new ObjectMapper()
                .treeToValue(new ObjectMapper().readTree(summaryFile.toFile()).get("classification"),
                        ClassificationSummary.class);

        GeneratorReplay replay = GeneratorReplay.of(SOURCE, 6000, 1000);
        assertEquals(summary.accuracy, replay.noChangeAccuracy, 0.0);
        assertArrayEquals(summary.windowAccuracy, replay.noChangeWindowAccuracy, 0.0);
        assertArrayEquals(new long[] {2000, 4000}, replay.conceptChanges);

        XYChart chart = ClassifyJob.report(summary, replay, "t").entries().get(0).chart();
        assertEquals(List.of("learner", "no-change", Charts.CONCEPT_CHANGES), List.copyOf(chart.getSeriesMap().keySet()));
        XYSeries learner = chart.getSeriesMap().get("learner");
        assertArrayEquals(new double[] {0, 1000, 2000, 3000, 4000, 5000}, learner.getXData(), 0.0);
        assertArrayEquals(summary.windowAccuracy, learner.getYData(), 0.0);
        XYSeries changes = chart.getSeriesMap().get(Charts.CONCEPT_CHANGES);
        assertArrayEquals(new double[] {2000, 2000, 2000, 4000, 4000, 4000}, changes.getXData(), 0.0);
        assertArrayEquals(new double[] {0, 1, Double.NaN, 0, 1, Double.NaN}, changes.getYData(), 0.0);

        ReportFiles.assertChart(reportDir, "accuracy");
    }

    @Test
    void aFileSourceGetsTheLearnersSeriesOnly(@TempDir Path dir) throws Exception {
        ClassificationSummary summary = new ClassificationSummary();
        summary.windowSize = 100;
        summary.windowStarts = new long[] {0, 100, 300};
        summary.windowAccuracy = new double[] {0.5, 0.75, 1.0};
        RunReport report = ClassifyJob.report(summary, GeneratorReplay.of("file:x.csv", 400, 100), "t");
        XYChart chart = report.entries().get(0).chart();
        assertEquals(List.of("learner"), List.copyOf(chart.getSeriesMap().keySet()));
        assertEquals(Charts.WIDTH, chart.getWidth());
        assertEquals(Charts.HEIGHT, chart.getHeight());
        Path index = report.write(dir);
        assertTrue(Files.readString(index).contains("<title>t</title>"));
        ReportFiles.assertChart(dir, "accuracy");
    }
}
