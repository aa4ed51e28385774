package io.flinkdrift.jobs.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkdrift.core.learners.Learners;
import io.flinkdrift.core.learners.NoChangeClassifier;
import io.flinkdrift.core.learners.OnlineClassifier;
import io.flinkdrift.core.learners.kalman.KalmanClassifier;
import io.flinkdrift.core.learners.kalman.KalmanConfig;
import io.flinkdrift.generators.DriftGenerator;
import io.flinkdrift.generators.Generators;
import io.flinkdrift.jobs.FlinkDrift;
import io.flinkdrift.jobs.testing.CommittedFiles;
import io.flinkdrift.records.Example;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the {@code classify} job end to end on a mini-cluster and checks its numbers exactly. */
class ClassifyJobTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private JsonNode run(String... args) throws IOException {
        Path summary = dir.resolve("summary.json");
        String[] all = Stream.concat(Stream.concat(Stream.of("classify"), Stream.of(args)), Stream.of("--summary", summary.toString(), "--progress-interval", "0"))
                .toArray(String[]::new);
        assertEquals(0, FlinkDrift.commandLine().execute(all));
        return JSON.readTree(summary.toFile());
    }

    /** Prequential accuracy and log-loss of one model per key over the generator's first n records. */
    private static double[] replay(DriftGenerator generator, long n, Supplier<OnlineClassifier> learner) {
        Map<String, OnlineClassifier> models = new HashMap<>();
        long correct = 0;
        double logLoss = 0;
        for (long i = 0; i < n; i++) {
            Example example = generator.generate(i);
            OnlineClassifier model = models.computeIfAbsent(example.key, k -> learner.get());
            double[] p = model.predictProbabilities(example.features);
            if (Learners.argmax(p) == example.classIndex()) {
                correct++;
            }
            double pTrue = example.classIndex() < p.length ? p[example.classIndex()] : 0.0;
            logLoss -= Math.log(Math.min(1.0, Math.max(1e-15, pTrue)));
            model.learn(example.features, example.classIndex());
        }
        return new double[] {(double) correct / n, logLoss / n};
    }

    @Test
    void noChangeOnKeyedSeaEqualsADirectReplayAtParallelismTwo() throws IOException {
        String spec = "sea?keys=3&seed=7&changeEvery=2000";
        JsonNode summary = run("--source", "synthetic:" + spec, "--max-records", "12000", "--learner", "no-change",
                "--sink", "none", "--parallelism", "2");
        double[] expected = replay(Generators.fromSpec(spec), 12_000, NoChangeClassifier::new);
        JsonNode metrics = summary.get("classification");
        assertEquals(12_000, metrics.get("records").asLong());
        assertEquals(expected[0], metrics.get("accuracy").asDouble(), 0.0);
        assertEquals(12, metrics.get("windowAccuracy").size());
        assertEquals(2, summary.get("parallelism").asInt());
    }

    /** The predictions a run wrote to {@code --sink file:}, as JSON lines ordered by id. */
    private List<String> predictions(String name, int parallelism, int bundleSize) throws IOException {
        Path out = dir.resolve(name);
        run("--source", "synthetic:hyperplane?keys=5&seed=4&dimension=4", "--max-records", "3000", "--learner",
                "kalman", "--sink", "file:" + out, "--parallelism", String.valueOf(parallelism), "--bundle-size",
                String.valueOf(bundleSize));
        return CommittedFiles.jsonLines(out).stream().sorted(Comparator.comparingLong(p -> p.get("id").asLong()))
                .map(JsonNode::toString).toList();
    }

    /**
     * Jobs run with object reuse, so the generator chained to the learner hands over every example in
     * one reused record: bundles of any size still write exactly the predictions of record-at-a-time
     * processing at parallelism 1 (this failed while the bundle held on to the reused record).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void bundledPredictionsWithObjectReuseEqualRecordAtATime(int parallelism) throws IOException {
        List<String> expected = predictions("record-at-a-time", 1, 1);
        assertEquals(3000, expected.size());
        for (int bundleSize : new int[] {7, 1000}) {
            assertEquals(expected, predictions("bundle-" + bundleSize, parallelism, bundleSize),
                    "bundles of " + bundleSize + " at parallelism " + parallelism);
        }
    }

    @Test
    void kalmanMatchesTheCoreLearnerBitForBit() throws IOException {
        String spec = "hyperplane?keys=2&seed=3&dimension=4";
        JsonNode summary = run("--source", "synthetic:" + spec, "--max-records", "6000", "--learner", "kalman",
                "--sink", "none", "--parallelism", "2", "--state-backend", "rocksdb");
        double[] expected = replay(Generators.fromSpec(spec), 6_000, () -> new KalmanClassifier(
                KalmanConfig.builder().initialGamma(0.99).learnGamma(true).priorVariance(1.0).noiseVariance(0.1)
                        .standardizationSamples(200).build()));
        JsonNode metrics = summary.get("classification");
        assertEquals(expected[0], metrics.get("accuracy").asDouble(), 0.0);
        assertEquals(expected[1], metrics.get("logLoss").asDouble(), 1e-12 * expected[1]);
        assertTrue(expected[0] > 0.7, "the learner should do clearly better than chance (0.5) here: " + expected[0]);
    }

    @Test
    void everyInputLineIsEitherPredictedOrDeadLettered() throws IOException {
        Path csv = dir.resolve("input.csv");
        StringBuilder text = new StringBuilder("a,b,label\n");
        int bad = 0;
        for (int i = 0; i < 200; i++) {
            if (i % 29 == 5) {
                text.append(i).append(",oops,1\n"); // unparsable number
                bad++;
            } else if (i % 31 == 7) {
                text.append(i).append(",NaN,0\n"); // non-finite feature
                bad++;
            } else if (i % 37 == 11) {
                text.append(i).append(",1\n"); // wrong column count
                bad++;
            } else {
                text.append(i % 7).append(',').append(i % 3).append(',').append(i % 2 == 0 ? "up" : "down").append('\n');
            }
        }
        Files.writeString(csv, text);
        Path predictions = dir.resolve("predictions");
        Path deadLetters = dir.resolve("dead-letters");
        JsonNode summary = run("--source", "file:" + csv, "--label", "label", "--learner", "majority",
                "--sink", "file:" + predictions, "--dead-letter", "file:" + deadLetters);

        JsonNode input = summary.get("input");
        assertEquals(200, input.get("read").asLong());
        assertEquals(200 - bad, input.get("accepted").asLong());
        assertEquals(bad, input.get("rejected").asLong());
        assertEquals(200 - bad, summary.get("classification").get("records").asLong());

        List<JsonNode> written = CommittedFiles.jsonLines(predictions);
        List<JsonNode> rejected = CommittedFiles.jsonLines(deadLetters);
        assertEquals(200 - bad, written.size());
        assertEquals(bad, rejected.size());
        assertEquals(Set.of("UNPARSABLE_NUMBER", "NON_FINITE_VALUE", "WRONG_COLUMN_COUNT"),
                rejected.stream().map(r -> r.get("reason").asText()).collect(Collectors.toSet()));
        assertTrue(rejected.stream().allMatch(r -> !r.get("raw").asText().isEmpty() && r.get("position").asLong() > 0));
    }

    @Test
    void aKnownDimensionDeadLettersAWrongLengthFirstRecordInsteadOfAdoptingIt() throws IOException {
        Path json = dir.resolve("input.jsonl");
        StringBuilder text = new StringBuilder("{\"x\": [1, 2, 3], \"label\": \"up\"}\n");
        for (int i = 0; i < 100; i++) {
            text.append("{\"x\": [").append(i % 7).append(", ").append(i % 3).append("], \"label\": \"")
                    .append(i % 2 == 0 ? "up" : "down").append("\"}\n");
        }
        Files.writeString(json, text);
        Path deadLetters = dir.resolve("dead-letters");
        JsonNode known = run("--source", "file:" + json, "--features", "x", "--label", "label",
                "--dimension", "2", "--learner", "majority", "--sink", "none",
                "--dead-letter", "file:" + deadLetters);
        assertEquals(101, known.at("/input/read").asLong());
        assertEquals(100, known.at("/classification/records").asLong());
        List<JsonNode> rejected = CommittedFiles.jsonLines(deadLetters);
        assertEquals(1, rejected.size());
        assertEquals("WRONG_DIMENSION", rejected.get(0).get("reason").asText());
        assertEquals(0, rejected.get(0).get("position").asLong()); // the first line

        // without --dimension the first record fixes the dimension at 3 and every valid record is rejected
        JsonNode adopted = run("--source", "file:" + json, "--features", "x", "--label", "label",
                "--learner", "majority", "--sink", "none", "--dead-letter", "none");
        assertEquals(100, adopted.at("/input/rejected").asLong());

        assertEquals(2, FlinkDrift.commandLine().execute("classify", "--source", "synthetic:sea",
                "--dimension", "5"), "a generator of another dimension is refused");
    }

    @Test
    void calibratedClassifierDeadLettersNonBinaryLabelsAndKeepsRunning() throws IOException {
        Path csv = dir.resolve("three-classes.csv");
        StringBuilder text = new StringBuilder("a,b,label\n");
        int third = 0;
        for (int i = 0; i < 300; i++) {
            String label = i % 2 == 0 ? "up" : "down";
            if (i > 1 && i % 23 == 0) {
                label = "sideways";
                third++;
            }
            text.append(i % 7).append(',').append(i % 5).append(',').append(label).append('\n');
        }
        Files.writeString(csv, text);
        Path deadLetters = dir.resolve("dead-letters");
        JsonNode summary = run("--source", "file:" + csv, "--label", "label", "--learner", "rls",
                "--calibrate", "platt-tracking", "--sink", "none", "--dead-letter", "file:" + deadLetters);

        assertEquals("platt-tracking", summary.get("calibrate").asText());
        assertEquals(third, summary.get("rejectedLabels").asLong());
        assertEquals(0, summary.get("input").get("rejected").asLong());
        assertEquals(300, summary.get("records").asLong());
        List<JsonNode> rejected = CommittedFiles.jsonLines(deadLetters);
        assertEquals(third, rejected.size());
        assertTrue(rejected.stream().allMatch(r -> r.get("reason").asText().equals("UNKNOWN_CLASS")
                && r.get("detail").asText().contains("binary") && r.get("position").asLong() % 23 == 0));
    }
}
