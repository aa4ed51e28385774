package io.flinkdrift.jobs.regress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkdrift.jobs.FlinkDrift;
import io.flinkdrift.jobs.testing.CommittedFiles;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code regress} job end to end on a mini-cluster: a linear stream y = w·x + noise whose w
 * changes abruptly in the middle, with a few malformed rows.
 */
class RegressJobTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 4000;
    private static final int CHANGE = 2000;
    private static final double NOISE = 0.1;

    /** Writes the stream; rows are numbered 0.. in file order, malformed rows included. */
    private static Path linearStream(Path dir) throws IOException {
        Random random = new Random(42);
        List<String> lines = new ArrayList<>();
        lines.add("x1,x2,y");
        for (int i = 0; i < ROWS; i++) {
            double x1 = random.nextGaussian();
            double x2 = random.nextGaussian();
            double y = (i < CHANGE ? 2 * x1 - x2 : -x1 + 3 * x2) + NOISE * random.nextGaussian();
            lines.add(String.format(Locale.ROOT, "%.9f,%.9f,%.9f", x1, x2, y));
            if (i == 100) {
                lines.add("abc,1.0,2.0"); // unparsable number
            } else if (i == 200) {
                lines.add("1.0,2.0"); // wrong column count
            } else if (i == 300) {
                lines.add("1.0,NaN,3.0"); // non-finite feature
            }
        }
        Path csv = dir.resolve("linear.csv");
        Files.write(csv, lines);
        return csv;
    }

    private static JsonNode run(Path dir, String name, String... options) throws IOException {
        Path summary = dir.resolve(name + "-summary.json");
        List<String> args = new ArrayList<>(List.of("regress", "--summary", summary.toString(),
                "--progress-interval", "0", "--checkpoint-interval", "1000", "--dead-letter", "none"));
        args.addAll(List.of(options));
        assertEquals(0, FlinkDrift.commandLine().execute(args.toArray(new String[0])));
        return JSON.readTree(summary.toFile());
    }

    /** Mean absolute error of the predictions of rows {@code from <= id < to}. */
    private static double mae(List<JsonNode> predictions, long from, long to) {
        double sum = 0;
        int n = 0;
        for (JsonNode p : predictions) {
            long id = p.get("id").asLong();
            if (id >= from && id < to) {
                sum += Math.abs(p.get("prediction").asDouble() - p.get("label").asDouble());
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void forgettingRlsTracksTheChangeBetterThanLeastSquaresAndCountsEveryRow(@TempDir Path dir)
            throws IOException {
        Path csv = linearStream(dir);
        JsonNode forgetting = run(dir, "forgetting", "--source", "file:" + csv, "--label", "y",
                "--learner", "rls", "--forgetting", "0.97", "--sink", "file:" + dir.resolve("forgetting"),
                "--snapshot-every", "1000", "--snapshots", "file:" + dir.resolve("snapshots"));
        JsonNode leastSquares = run(dir, "least-squares", "--source", "file:" + csv, "--label", "y",
                "--learner", "rls", "--forgetting", "1", "--sink", "file:" + dir.resolve("least-squares"));

        for (JsonNode summary : List.of(forgetting, leastSquares)) {
            assertEquals(ROWS + 3, summary.at("/input/read").asLong());
            assertEquals(ROWS, summary.at("/input/accepted").asLong());
            assertEquals(3, summary.at("/input/rejected").asLong());
            assertEquals(ROWS, summary.at("/records").asLong());
            assertEquals(ROWS, summary.at("/regression/labelled").asLong());
        }
        List<JsonNode> adaptive = CommittedFiles.jsonLines(dir.resolve("forgetting"));
        List<JsonNode> plain = CommittedFiles.jsonLines(dir.resolve("least-squares"));
        assertEquals(ROWS, adaptive.size());
        assertEquals(ROWS, plain.size());
        assertEquals(ROWS, adaptive.stream().map(p -> p.get("id").asLong()).distinct().count());

        // Row ids count the header and the malformed rows: the change is at about id CHANGE + 4.
        long after = CHANGE + 100;
        double adaptiveMae = mae(adaptive, after, ROWS + 10);
        double plainMae = mae(plain, after, ROWS + 10);
        // noise alone gives MAE 0.1 * sqrt(2 / pi) = 0.08; least squares keeps half the old concept
        assertTrue(adaptiveMae < 0.15, "forgetting RLS MAE after the change " + adaptiveMae);
        assertTrue(adaptiveMae < plainMae / 5, adaptiveMae + " vs least squares " + plainMae);
        assertTrue(forgetting.at("/regression/mae").asDouble() < leastSquares.at("/regression/mae").asDouble());

        List<JsonNode> snapshots = CommittedFiles.jsonLines(dir.resolve("snapshots"));
        List<Long> versions = snapshots.stream().map(s -> s.get("modelVersion").asLong()).sorted().toList();
        assertEquals(List.of(1000L, 2000L, 3000L, 4000L), versions);
    }

    @Test
    void delayedLabelsAreJoinedAndEveryMissingOrOrphanLabelIsCounted(@TempDir Path dir) throws IOException {
        int rows = 500;
        Random random = new Random(7);
        List<String> examples = new ArrayList<>(List.of("x1,x2"));
        List<String> labels = new ArrayList<>();
        Map<Integer, Double> targets = new HashMap<>();
        for (int i = 0; i < rows; i++) {
            double x1 = random.nextGaussian();
            double x2 = random.nextGaussian();
            examples.add(String.format(Locale.ROOT, "%.9f,%.9f", x1, x2));
            targets.put(i, 2 * x1 - x2);
        }
        for (int i = 0; i < rows; i++) {
            if (i % 25 != 24) { // 20 examples never get a label
                labels.add(String.format(Locale.ROOT, "{\"id\":%d,\"timestamp\":%d,\"value\":%.9f}",
                        i, i + 3, targets.get(i)));
            }
        }
        labels.add("{\"id\":100000,\"timestamp\":5,\"value\":1.0}"); // no such example
        labels.add("{\"id\":100001,\"timestamp\":6,\"value\":1.0}");
        labels.add("not json");
        labels.add("{\"id\":3,\"timestamp\":6}");
        labels.add("{\"id\":\"x\",\"timestamp\":6,\"value\":1}");
        Path csv = dir.resolve("examples.csv");
        Path labelFile = dir.resolve("labels.jsonl");
        Files.write(csv, examples);
        Files.write(labelFile, labels);

        JsonNode summary = run(dir, "delayed", "--source", "file:" + csv, "--labels", "file:" + labelFile,
                "--max-label-delay", "1000000", "--learner", "rls", "--forgetting", "1", "--sink", "none");

        assertEquals(rows, summary.at("/input/accepted").asLong());
        assertEquals(rows, summary.at("/records").asLong());
        assertEquals(480 + 5, summary.at("/labels/read").asLong());
        assertEquals(3, summary.at("/labels/rejected").asLong());
        assertEquals(480, summary.at("/labels/joined").asLong());
        assertEquals(20, summary.at("/labels/droppedExamples").asLong());
        assertEquals(2, summary.at("/labels/orphanLabels").asLong());
        // each late label scores the prediction made before it; the error itself depends on how far
        // the label file is read ahead of the examples, so it is not asserted here (the operator
        // tests pin the training order exactly)
        assertEquals(480, summary.at("/regression/labelled").asLong());
    }
}
