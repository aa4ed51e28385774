package io.flinkdrift.jobs.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkdrift.jobs.FlinkDrift;
import io.flinkdrift.jobs.testing.CommittedFiles;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code classify} on a mini-cluster, with labels in the examples and from {@code --labels}. */
class ClassifyWithSnapshotsAndLabelsTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    @Test
    void labelledSyntheticStreamIsEvaluatedInWindowsWithSnapshots(@TempDir Path dir) throws Exception {
        Path summaryFile = dir.resolve("summary.json");
        int exit = FlinkDrift.commandLine().execute("classify", "--source", "synthetic:sea", "--max-records", "3000",
                "--learner", "majority", "--window", "1000", "--snapshot-every", "500",
                "--snapshots", "file:" + dir.resolve("snapshots"), "--sink", "none", "--progress-interval", "0",
                "--summary", summaryFile.toString());

        assertEquals(0, exit);
        JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
        assertEquals(3000, summary.at("/records").asLong());
        assertEquals(3000, summary.at("/classification/labelled").asLong());
        assertEquals(List.of(0L, 1000L, 2000L), longs(summary.at("/classification/windowStarts")));
        assertEquals(List.of(1000L, 1000L, 1000L), longs(summary.at("/classification/windowLabelled")));
        assertTrue(summary.at("/labels").isMissingNode(), "no --labels, no label counters");
        assertEquals(6, CommittedFiles.lines(dir.resolve("snapshots")).size(), "one model, 3000 updates, a snapshot every 500");
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asLong()));
        return values;
    }

    @Test
    void delayedClassLabelsAreJoinedPerKeyAndEvaluated(@TempDir Path dir) throws Exception {
        int rows = 300;
        List<String> examples = new ArrayList<>(List.of("x,group"));
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            String key = i % 2 == 0 ? "even" : "odd";
            examples.add(String.format(Locale.ROOT, "%d.5,%s", i % 7, key));
            // every "even" example has class 1, every "odd" one class 0
            labels.add(String.format(Locale.ROOT, "{\"id\":%d,\"key\":\"%s\",\"timestamp\":%d,\"value\":%d}",
                    i, key, i + 1, i % 2 == 0 ? 1 : 0));
        }
        labels.add("{\"id\":4,\"key\":\"odd\",\"timestamp\":5,\"value\":1}"); // wrong key: no such example
        Path csv = dir.resolve("examples.csv");
        Path labelFile = dir.resolve("labels.jsonl");
        Files.write(csv, examples);
        Files.write(labelFile, labels);
        Path summaryFile = dir.resolve("summary.json");

        int exit = FlinkDrift.commandLine().execute("classify", "--source", "file:" + csv, "--key", "group",
                "--labels", "file:" + labelFile, "--max-label-delay", "1000000", "--learner", "majority",
                "--sink", "none", "--dead-letter", "none", "--progress-interval", "0",
                "--summary", summaryFile.toString());

        assertEquals(0, exit);
        JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
        assertEquals(rows, summary.at("/records").asLong());
        assertEquals(rows, summary.at("/labels/joined").asLong());
        assertEquals(1, summary.at("/labels/orphanLabels").asLong());
        assertEquals(0, summary.at("/labels/droppedExamples").asLong());
        // every prediction is evaluated exactly once, whether its label came before or after it
        // (which one depends on how fast the two files are read, so accuracy is not asserted)
        assertEquals(rows, summary.at("/classification/labelled").asLong());
    }
}
