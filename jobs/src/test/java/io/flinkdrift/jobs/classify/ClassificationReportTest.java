package io.flinkdrift.jobs.classify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkdrift.generators.DriftGenerator;
import io.flinkdrift.generators.Generators;
import io.flinkdrift.jobs.FlinkDrift;
import io.flinkdrift.jobs.report.Charts;
import io.flinkdrift.jobs.report.ReportFiles;
import io.flinkdrift.records.Example;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code classify}'s no-change baseline, counted in the job's partial summaries, against what a
 * {@code --learner no-change} run measures on the same input, and {@code --report}'s accuracy chart.
 */
class ClassificationReportTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String SOURCE = "synthetic:sea?keys=3&seed=7&changeEvery=2000";

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void onAGeneratorTheBaselineIsTheNoChangeLearnersAccuracy(int parallelism, @TempDir Path dir) throws Exception {
        ClassificationSummary noChange = run(dir, "no-change", parallelism, "--source", SOURCE, "--max-records", "6000");

        assertEquals(6000, noChange.labelled);
        assertEquals(noChange.accuracy, noChange.noChangeAccuracy, 0.0);
        assertArrayEquals(noChange.windowAccuracy, noChange.windowNoChangeAccuracy, 0.0);
        assertArrayEquals(conceptChanges(SOURCE, 6000), noChange.conceptChanges);
        assertArrayEquals(new long[] {2000, 4000}, noChange.conceptChanges);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void onAKeyedFileEveryLearnersBaselineIsTheNoChangeLearnersAccuracy(int parallelism, @TempDir Path dir)
            throws Exception {
        Path csv = dir.resolve("sea.csv");
        DriftGenerator generator = Generators.fromSpec("sea?keys=5&seed=3&noise=0.2");
        List<String> lines = new ArrayList<>(List.of("k,x1,x2,x3,y"));
        for (long i = 0; i < 3000; i++) {
            Example e = generator.generate(i);
            lines.add(String.format(Locale.ROOT, "%s,%s,%s,%s,%d", e.key, e.features[0], e.features[1], e.features[2],
                    e.classIndex()));
        }
        Files.write(csv, lines);
        String[] input = {"--source", "file:" + csv, "--key", "k", "--label", "y", "--window", "500"};

        ClassificationSummary noChange = run(dir, "no-change", parallelism, input);
        ClassificationSummary kalman = run(dir, "kalman", parallelism, input);

        assertEquals(3000, noChange.labelled);
        assertEquals(noChange.accuracy, noChange.noChangeAccuracy, 0.0);
        assertEquals(noChange.accuracy, kalman.noChangeAccuracy, 0.0);
        assertArrayEquals(noChange.windowAccuracy, kalman.windowNoChangeAccuracy, 0.0);
        assertEquals(0, kalman.conceptChanges.length, "a file has no concept ids");
    }

    @Test
    void theReportChartsTheLearnerTheBaselineAndTheConceptChanges(@TempDir Path dir) throws Exception {
        Path reportDir = dir.resolve("report");
        ClassificationSummary summary = run(dir, "kalman", 2, "--source", SOURCE, "--max-records", "6000",
                "--report", reportDir.toString());

        XYChart chart = ClassifyJob.report(summary, "t").entries().get(0).chart();
        assertEquals(List.of("learner", "no-change", Charts.CONCEPT_CHANGES), List.copyOf(chart.getSeriesMap().keySet()));
        XYSeries learner = chart.getSeriesMap().get("learner");
        assertArrayEquals(new double[] {0, 1000, 2000, 3000, 4000, 5000}, learner.getXData(), 0.0);
        assertArrayEquals(summary.windowAccuracy, learner.getYData(), 0.0);
        assertArrayEquals(summary.windowNoChangeAccuracy, chart.getSeriesMap().get("no-change").getYData(), 0.0);
        XYSeries changes = chart.getSeriesMap().get(Charts.CONCEPT_CHANGES);
        assertArrayEquals(new double[] {2000, 2000, 2000, 4000, 4000, 4000}, changes.getXData(), 0.0);
        assertArrayEquals(new double[] {0, 1, Double.NaN, 0, 1, Double.NaN}, changes.getYData(), 0.0);
        assertTrue(summary.accuracy > summary.noChangeAccuracy, "kalman beats no-change on SEA");
        ReportFiles.assertChart(reportDir, "accuracy");
    }

    @Test
    void withoutABaselineOrConceptsTheChartHasTheLearnersSeriesOnly() {
        ClassificationSummary summary = new ClassificationSummary();
        summary.windowSize = 100;
        summary.windowStarts = new long[] {0, 100, 300};
        summary.windowAccuracy = new double[] {0.5, 0.75, 1.0};
        XYChart chart = ClassifyJob.report(summary, "t").entries().get(0).chart();
        assertEquals(List.of("learner"), List.copyOf(chart.getSeriesMap().keySet()));
    }

    /** Brute force: the ids whose concept differs from the previous id's. */
    private static long[] conceptChanges(String source, long records) {
        DriftGenerator generator = Generators.fromSpec(source.substring("synthetic:".length()));
        List<Long> changes = new ArrayList<>();
        for (long i = 1; i < records; i++) {
            if (generator.generate(i).concept != generator.generate(i - 1).concept) {
                changes.add(i);
            }
        }
        return changes.stream().mapToLong(Long::longValue).toArray();
    }

    private static ClassificationSummary run(Path dir, String learner, int parallelism, String... input)
            throws Exception {
        Path summaryFile = Files.createTempFile(dir, "summary", ".json");
        String[] args = Stream.concat(Stream.of("classify"), Stream.concat(Stream.of(input), Stream.of(
                "--learner", learner, "--parallelism", String.valueOf(parallelism), "--sink", "none",
                "--progress-interval", "0", "--summary", summaryFile.toString()))).toArray(String[]::new);
        assertEquals(0, FlinkDrift.commandLine().execute(args));
        ObjectMapper json = new ObjectMapper();
        return json.treeToValue(json.readTree(summaryFile.toFile()).get("classification"), ClassificationSummary.class);
    }
}
