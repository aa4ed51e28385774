package io.flinkdrift.jobs.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkdrift.jobs.FlinkDrift;
import io.flinkdrift.jobs.testing.RecordingReporter;
import io.flinkdrift.records.RejectReason;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every job's operator metrics, read through a real metric reporter configured with {@code
 * metrics.reporter.*} on the mini-cluster ({@link RecordingReporter}: the values each subtask ended
 * with), against the job's own summary and counts known from the input.
 */
class OperatorMetricsTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setConfiguration(RecordingReporter.configuration())
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir
    Path dir;

    @BeforeEach
    void forgetEarlierJobs() {
        RecordingReporter.clear();
    }

    private JsonNode run(String job, String... options) throws Exception {
        Path summary = dir.resolve(job + "-summary.json");
        String[] args = Stream.concat(Stream.of(job), Stream.concat(Stream.of(options), Stream.of(
                "--parallelism", "1", "--progress-interval", "0", "--summary", summary.toString())))
                .toArray(String[]::new);
        StringWriter err = new StringWriter();
        assertEquals(0, FlinkDrift.commandLine().setErr(new PrintWriter(err)).execute(args), err.toString());
        return new ObjectMapper().readTree(summary.toFile());
    }

    private static long count(String name) throws Exception {
        return ((Number) RecordingReporter.finalValue(name)).longValue();
    }

    private static double gauge(String name) throws Exception {
        return ((Number) RecordingReporter.finalValue(name)).doubleValue();
    }

    @Test
    void deadLettersByReasonAndTheLearnersWindowMatchTheInputAndTheSummary() throws Exception {
        StringBuilder csv = new StringBuilder("a,b,label\n");
        long[] bad = new long[RejectReason.values().length];
        int lines = 900;
        for (int i = 0; i < lines; i++) {
            if (i % 29 == 5) {
                csv.append(i).append(",oops,up\n");
                bad[RejectReason.UNPARSABLE_NUMBER.ordinal()]++;
            } else if (i % 31 == 7) {
                csv.append(i).append(",NaN,down\n");
                bad[RejectReason.NON_FINITE_VALUE.ordinal()]++;
            } else if (i % 37 == 11) {
                csv.append(i).append(",1\n");
                bad[RejectReason.WRONG_COLUMN_COUNT.ordinal()]++;
            } else {
                int a = i % 7;
                csv.append(a).append(',').append(i % 3).append(',').append(a > 3 ^ i % 11 == 0 ? "up" : "down")
                        .append('\n');
            }
        }
        Path input = dir.resolve("input.csv");
        Files.writeString(input, csv);

        JsonNode summary = run("classify", "--source", "file:" + input, "--label", "label", "--learner", "kalman",
                "--sink", "none", "--dead-letter", "none");

        long rejected = 0;
        for (RejectReason reason : RejectReason.values()) {
            assertEquals(bad[reason.ordinal()], count("flinkdrift.deadLetters." + reason.name()), reason.name());
            rejected += bad[reason.ordinal()];
        }
        assertTrue(rejected > 60, "the three bad kinds of line must all occur: " + rejected);
        assertEquals(lines, count("flinkdrift.input.read"));
        assertEquals(lines - rejected, count("flinkdrift.input.accepted"));
        assertEquals(rejected, count("flinkdrift.input.rejected"));
        assertEquals(summary.at("/input/rejected").asLong(), rejected);

        // Fewer than LearnerMetrics.WINDOW labelled predictions: the window is the whole run.
        JsonNode classification = summary.get("classification");
        long labelled = classification.get("labelled").asLong();
        assertEquals(lines - rejected, labelled);
        assertEquals(labelled, count("flinkdrift.learner.labelledPredictions"));
        assertEquals(classification.get("accuracy").asDouble(), gauge("flinkdrift.learner.windowAccuracy"), 0.0);
        assertEquals(classification.get("kappa").asDouble(), gauge("flinkdrift.learner.windowKappa"), 1e-12);
        assertEquals(classification.get("logLoss").asDouble(), gauge("flinkdrift.learner.windowLogLoss"), 1e-12);
        assertEquals(labelled, count("flinkdrift.learner.modelVersion"), "one key: one update per labelled example");
    }

    @Test
    void theAccuracyGaugeIsTheLastThousandPredictions() throws Exception {
        JsonNode summary = run("classify", "--source", "synthetic:sea?seed=5", "--max-records", "5000",
                "--learner", "kalman", "--window", "1000", "--sink", "none");

        JsonNode windows = summary.at("/classification/windowAccuracy");
        assertEquals(5, windows.size());
        // One reader and one subtask: the last 1000 predictions are ids 4000..4999, the last id window.
        assertEquals(windows.get(4).asDouble(), gauge("flinkdrift.learner.windowAccuracy"), 0.0);
        assertTrue(Math.abs(windows.get(4).asDouble() - summary.at("/classification/accuracy").asDouble()) > 1e-6,
                "the window must differ from the whole run to tell them apart");
        assertEquals(5000, count("flinkdrift.learner.modelVersion"));
    }

    @Test
    void delayedLabelCountsMatchTheSummary() throws Exception {
        int rows = 300;
        List<String> examples = new ArrayList<>(List.of("x,group"));
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            String key = i % 2 == 0 ? "even" : "odd";
            examples.add(String.format(Locale.ROOT, "%d.5,%s", i % 7, key));
            if (i % 3 != 0) { // a third of the examples never get a label: dropped at the end of input
                labels.add(String.format(Locale.ROOT, "{\"id\":%d,\"key\":\"%s\",\"timestamp\":%d,\"value\":%d}",
                        i, key, i + 1, i % 2 == 0 ? 1 : 0));
            }
        }
        labels.add("{\"id\":4,\"key\":\"odd\",\"timestamp\":5,\"value\":1}"); // no such example of the key
        Path csv = dir.resolve("examples.csv");
        Path labelFile = dir.resolve("labels.jsonl");
        Files.write(csv, examples);
        Files.write(labelFile, labels);

        JsonNode summary = run("classify", "--source", "file:" + csv, "--key", "group", "--labels",
                "file:" + labelFile, "--max-label-delay", "1000000", "--learner", "majority", "--sink", "none",
                "--dead-letter", "none");

        assertEquals(200, count("flinkdrift.labels.joined"));
        assertEquals(100, count("flinkdrift.labels.dropped"));
        assertEquals(1, count("flinkdrift.labels.orphaned"));
        assertEquals(summary.at("/labels/joined").asLong(), 200);
        assertEquals(summary.at("/labels/droppedExamples").asLong(), 100);
        assertEquals(summary.at("/labels/orphanLabels").asLong(), 1);
        assertEquals(200, count("flinkdrift.learner.labelledPredictions"));
    }

    @Test
    void densityCountsMatchTheSummary() throws Exception {
        JsonNode summary = run("density", "--source", "synthetic:mixture?mode=abrupt&period=2000&seed=3",
                "--max-records", "8000", "--grid-lo", "-4", "--grid-hi", "4", "--bins", "12", "--grow-grid", "false",
                "--sink", "none");

        assertEquals(8000, count("flinkdrift.density.elements"));
        long driftEvents = summary.at("/density/driftEvents").asLong();
        assertTrue(driftEvents > 0, summary.toString());
        assertEquals(driftEvents, count("flinkdrift.density.driftEvents"));
        long outOfRange = summary.at("/density/outOfRange").asLong();
        assertTrue(outOfRange > 0, "the narrow grid must miss some elements: " + summary);
        assertEquals(outOfRange, count("flinkdrift.density.outOfRange"));
        double window = gauge("flinkdrift.density.window");
        assertTrue(window >= 1 && window <= 8000, "window " + window);
        assertTrue(Double.isFinite(gauge("flinkdrift.density.logDensity")));
    }

    @Test
    void conformalCoverageAndRiskMatchTheSummary() throws Exception {
        Random random = new Random(11);
        List<String> lines = new ArrayList<>(List.of("yhat,y"));
        for (int i = 0; i < 1500; i++) {
            double predicted = random.nextGaussian();
            lines.add(String.format(Locale.ROOT, "%.17g,%.17g", predicted,
                    predicted + (i < 750 ? 0.2 : 0.4) * random.nextGaussian()));
        }
        Path csv = dir.resolve("predictions.csv");
        Files.write(csv, lines);

        JsonNode summary = run("conformal", "--source", "file:" + csv, "--prediction", "yhat", "--label", "y",
                "--loss", "interval", "--alpha", "0.1", "--rho", "0.99", "--grid", "0:2:201",
                "--calibrate-every", "1", "--warm-up", "0", "--sink", "none", "--dead-letter", "none");

        // One key, no warm-up: the key's running risk is the run's mean loss, and the interval loss is
        // 1 exactly when the truth is outside the interval.
        double meanLoss = summary.at("/conformal/meanLoss").asDouble();
        assertEquals(1500, count("flinkdrift.conformal.evaluated"));
        assertEquals(meanLoss, gauge("flinkdrift.conformal.runningRisk"), 1e-12);
        assertEquals(1 - meanLoss, gauge("flinkdrift.conformal.coverage"), 1e-12);
        assertEquals(0.1, gauge("flinkdrift.conformal.alpha"), 0.0);
        assertTrue(Math.abs(meanLoss - 0.1) < 0.05, "risk controlled near alpha: " + meanLoss);
    }

    @Test
    void annMaintenanceExpiryAndRecallMatchTheSummary() throws Exception {
        JsonNode summary = run("ann", "--source",
                "synthetic:mixture?dimension=8&components=12&radius=6&mode=abrupt&period=5000",
                "--max-records", "20000", "--lists", "32", "--sub-quantizers", "4", "--residual",
                "--training-size", "2000", "--nprobe", "2", "--recall-sample-every", "2", "--maintenance",
                "hybrid", "--maintenance-every", "2500", "--ttl", "5000", "--query-every", "10", "--sink", "none");

        JsonNode ann = summary.get("ann");
        assertTrue(ann.get("maintenanceRuns").asLong() > 0, summary.toString());
        assertEquals(ann.get("maintenanceRuns").asLong(), count("flinkdrift.ann.maintenanceRuns"));
        double lastRunMs = gauge("flinkdrift.ann.maintenanceMillis");
        assertTrue(lastRunMs > 0 && lastRunMs <= ann.get("maintenanceMs").asDouble(), "last run " + lastRunMs);
        assertEquals(summary.get("expired").asLong(), count("flinkdrift.ann.vectorsExpired"));
        assertEquals(ann.get("sampled").asLong(), count("flinkdrift.ann.sampledQueries"));
        assertEquals(ann.get("recall").asDouble(), gauge("flinkdrift.ann.recall"), 1e-12);
        double imbalance = gauge("flinkdrift.ann.listImbalance");
        assertTrue(imbalance >= 1 && imbalance <= 32, "imbalance " + imbalance);
    }
}
