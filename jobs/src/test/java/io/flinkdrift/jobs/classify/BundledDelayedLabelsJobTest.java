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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code classify --labels} runs {@code BundledDelayedLabelOperator} with {@code
 * --bundle-size}: at bundle sizes 1, 7 and 1000, parallelism 1 and 2, heap and RocksDB, every example
 * is predicted once, every label is joined and every prediction evaluated once, the wrong-key label is
 * the one orphan and nothing is dropped. Which predictions come before their label depends on how fast
 * the two files are read, so the predictions themselves are compared with record-at-a-time processing
 * on the operator harness, where the arrival order is fixed ({@code
 * BundledDelayedLabelLearningOperatorTest}).
 */
class BundledDelayedLabelsJobTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    private static final int ROWS = 2000;

    @Test
    void everyExampleIsPredictedAndEveryLabelJoinedAtAnyBundleSizeAndParallelism(@TempDir Path dir)
            throws IOException {
        List<String> examples = new ArrayList<>(List.of("id,x,group"));
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            String key = "g" + i % 5;
            examples.add(String.format(Locale.ROOT, "%d,%d.5,%s", i, i % 7, key));
            labels.add(String.format(Locale.ROOT, "{\"id\":%d,\"key\":\"%s\",\"timestamp\":%d,\"value\":%d}",
                    i, key, i + 1, i % 3 == 0 ? 1 : 0));
        }
        labels.add("{\"id\":4,\"key\":\"g0\",\"timestamp\":5,\"value\":1}"); // wrong key: no such example
        Path csv = dir.resolve("examples.csv");
        Path labelFile = dir.resolve("labels.jsonl");
        Files.write(csv, examples);
        Files.write(labelFile, labels);
        String[][] runs = {{"heap", "1", "1"}, {"heap", "2", "7"}, {"heap", "2", "1000"}, {"rocksdb", "1", "7"},
                {"rocksdb", "2", "1000"}};
        for (String[] run : runs) {
            String name = run[0] + "-p" + run[1] + "-bundle-" + run[2];
            Path summaryFile = dir.resolve(name + ".json");
            Path sink = dir.resolve(name);
            assertEquals(0, FlinkDrift.commandLine().execute("classify", "--source", "file:" + csv, "--id", "id",
                    "--key", "group", "--features", "x", "--labels", "file:" + labelFile, "--max-label-delay",
                    "1000000", "--learner", "majority", "--sink", "file:" + sink, "--dead-letter", "none",
                    "--progress-interval", "0", "--checkpoint-interval", "500", "--state-backend", run[0],
                    "--parallelism", run[1], "--bundle-size", run[2], "--summary", summaryFile.toString()));
            JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
            assertEquals(ROWS, summary.at("/records").asLong(), name);
            assertEquals(ROWS, CommittedFiles.jsonLines(sink).stream().map(p -> p.get("id").asLong()).distinct()
                    .count(), name);
            assertEquals(ROWS, summary.at("/labels/joined").asLong(), name);
            assertEquals(1, summary.at("/labels/orphanLabels").asLong(), name);
            assertEquals(0, summary.at("/labels/droppedExamples").asLong(), name);
            assertEquals(ROWS, summary.at("/classification/labelled").asLong(), name);
        }
    }
}
