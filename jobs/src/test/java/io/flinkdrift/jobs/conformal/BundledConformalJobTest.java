package io.flinkdrift.jobs.conformal;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinkdrift.jobs.FlinkDrift;
import io.flinkdrift.jobs.testing.CommittedFiles;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code conformal} and {@code regress --conformal} with bundled state access write exactly the
 * answers of record-at-a-time processing ({@code --bundle-size 1}, parallelism 1), for bundles of 7
 * and 1000 at parallelism 1 and 2, on heap and on RocksDB.
 */
class BundledConformalJobTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    private static final int ROWS = 3000;

    @TempDir
    Path dir;

    private Path csv;

    /** Six keys of uneven frequency; noise that grows along the stream. */
    @BeforeEach
    void writeInput() throws IOException {
        Random random = new Random(23);
        List<String> lines = new ArrayList<>(List.of("id,k,x1,x2,yhat,y"));
        for (int i = 0; i < ROWS; i++) {
            double x1 = random.nextGaussian();
            double x2 = random.nextGaussian();
            double y = 2 * x1 - x2 + (0.1 + i / 10_000.0) * random.nextGaussian();
            double yhat = 2 * x1 - x2;
            lines.add(String.format(Locale.ROOT, "%d,k%d,%.9f,%.9f,%.9f,%.9f", i,
                    (int) (6 * random.nextDouble() * random.nextDouble()), x1, x2, yhat, y));
        }
        csv = dir.resolve("input.csv");
        Files.write(csv, lines);
    }

    /** The answers a run wrote to {@code --sink file:}, as JSON lines ordered by id. */
    private List<String> answers(String name, List<String> job, int parallelism, int bundleSize, String backend)
            throws IOException {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(job);
        args.addAll(List.of("--source", "file:" + csv, "--id", "id", "--key", "k", "--label", "y",
                "--sink", "file:" + out, "--dead-letter", "none", "--progress-interval", "0",
                "--checkpoint-interval", "500", "--parallelism", String.valueOf(parallelism),
                "--bundle-size", String.valueOf(bundleSize), "--state-backend", backend));
        assertEquals(0, FlinkDrift.commandLine().execute(args.toArray(new String[0])));
        return CommittedFiles.jsonLines(out).stream().sorted(Comparator.comparingLong(a -> a.get("id").asLong()))
                .map(JsonNode::toString).toList();
    }

    private void assertBundlesAnswerAsRecordAtATime(List<String> job) throws IOException {
        List<String> expected = answers("record-at-a-time", job, 1, 1, "heap");
        assertEquals(ROWS, expected.size());
        assertTrue(expected.stream().map(a -> a.replaceAll(".*\"lambda\":([^,]*),.*", "$1")).distinct().count() > 5,
                "λ̂ moves");
        for (String backend : List.of("heap", "rocksdb")) {
            for (int parallelism : new int[] {1, 2}) {
                for (int bundleSize : new int[] {7, 1000}) {
                    String run = backend + "-p" + parallelism + "-bundle-" + bundleSize;
                    assertEquals(expected, answers(run, job, parallelism, bundleSize, backend), run);
                }
            }
        }
    }

    @Test
    void conformalBundlesAnswerAsRecordAtATime() throws IOException {
        assertBundlesAnswerAsRecordAtATime(List.of("conformal", "--prediction", "yhat", "--loss", "interval",
                "--alpha", "0.1", "--rho", "0.99", "--calibrate-every", "1"));
    }

    @Test
    void regressWithConformalBundlesAnswerAsRecordAtATime() throws IOException {
        assertBundlesAnswerAsRecordAtATime(List.of("regress", "--features", "x1,x2", "--learner", "rls",
                "--conformal", "loss=absolute,alpha=0.05,rho=0.99,grid=0:1:101"));
    }
}
