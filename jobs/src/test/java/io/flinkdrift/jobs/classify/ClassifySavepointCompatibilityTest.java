package io.flinkdrift.jobs.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkdrift.jobs.FlinkDrift;
import io.flinkdrift.testing.EmbeddedKafka;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.annotation.Nullable;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * State compatibility of {@code classify}: a savepoint taken by an earlier build (the checked-in
 * fixture {@code savepoints/classify-v1}) must restore into this build and continue exactly where it
 * stopped. The test fails when a change to a state serializer, a codec version or an operator uid
 * breaks the restore, and also when the restored state means something else than before (the
 * predictions after the restore must equal those of an uninterrupted run).
 *
 * <p>The fixture is a canonical savepoint of {@code classify} (kalman learner, heap state backend,
 * parallelism 1) stopped after it had read and predicted the first {@link #FIXTURE_RECORDS} records of
 * the single-partition topic {@code examples}. When a release changes state on purpose (with a
 * migration), keep the old fixture, add the new one beside it and regenerate with
 * {@code mvn -pl jobs test -Dtest='ClassifySavepointCompatibilityTest#takeSavepointFixture'
 * -Dflinkdrift.savepoint.fixture.out=$PWD/jobs/src/test/resources/savepoints/classify-vN}.
 */
class ClassifySavepointCompatibilityTest {

    private static final String FIXTURE = "/savepoints/classify-v1";
    private static final int FIXTURE_RECORDS = 400;
    private static final int RECORDS = 800;
    private static final int KEYS = 4;
    private static final int BAD_EVERY = 50;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void restoresTheCheckedInSavepointAndContinuesLikeAnUninterruptedRun(
            @InjectClusterClient ClusterClient<?> client) throws Exception {
        URL fixture = getClass().getResource(FIXTURE + "/_metadata");
        assertNotNull(fixture, "fixture " + FIXTURE + " is missing from the test resources");
        try (EmbeddedKafka kafka = new EmbeddedKafka()) {
            kafka.start();
            kafka.createTopic("examples", 1);
            kafka.createTopic("reference", 1);
            kafka.createTopic("restored", 1);
            kafka.produce("examples", examples(0, RECORDS));

            FailFastContext.install(CLUSTER.getClientConfiguration(), null);
            assertEquals(0, runToEnd(classify(kafka, "reference", 1, "heap", true)));
            Map<Long, JsonNode> reference = byId(kafka.consumeAll("reference", false, good(0, RECORDS), TIMEOUT));
            assertEquals(good(0, RECORDS), reference.size());

            // The restored job reads on from the savepoint's offsets, so it is unbounded: cancel it once
            // it has predicted every record after them.
            FailFastContext.install(CLUSTER.getClientConfiguration(), savepointDirectory(fixture));
            CompletableFuture<Integer> restored = CompletableFuture.supplyAsync(
                    () -> FlinkDrift.commandLine().execute(classify(kafka, "restored", 2, "rocksdb", false)));
            int expected = good(FIXTURE_RECORDS, RECORDS);
            List<String> lines = awaitOutput(kafka, "restored", expected, restored);
            cancelRunningJobs(client);
            restored.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            Map<Long, JsonNode> predictions = byId(lines);
            assertEquals(expected, lines.size(), "restored predictions (duplicates count twice)");
            assertEquals(expected, predictions.size());
            assertEquals(FIXTURE_RECORDS, predictions.keySet().iterator().next().longValue(),
                    "the first id predicted after the restore (the savepoint has read every smaller id)");
            for (Map.Entry<Long, JsonNode> prediction : predictions.entrySet()) {
                assertEquals(reference.get(prediction.getKey()), prediction.getValue(),
                        "prediction for id " + prediction.getKey());
            }
            assertTrue(predictions.values().stream().allMatch(p -> p.get("modelVersion").asLong() > 0),
                    "every restored model had trained before the savepoint");
        }
    }

    /** Takes the fixture: enabled only with {@code -Dflinkdrift.savepoint.fixture.out=DIR}. */
    @Test
    @EnabledIfSystemProperty(named = "flinkdrift.savepoint.fixture.out", matches = ".+")
    void takeSavepointFixture(@InjectClusterClient ClusterClient<?> client, @TempDir Path savepoints)
            throws Exception {
        Path out = Paths.get(System.getProperty("flinkdrift.savepoint.fixture.out"));
        try (EmbeddedKafka kafka = new EmbeddedKafka()) {
            kafka.start();
            kafka.createTopic("examples", 1);
            kafka.createTopic("predictions", 1);
            kafka.produce("examples", examples(0, FIXTURE_RECORDS));
            FailFastContext.install(CLUSTER.getClientConfiguration(), null);
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
                    () -> FlinkDrift.commandLine().execute(classify(kafka, "predictions", 1, "heap", false)));
            int expected = good(0, FIXTURE_RECORDS);
            assertEquals(expected, kafka.consumeAll("predictions", false, expected, TIMEOUT).size());
            JobID job = runningJobs(client).get(0);
            String savepoint = client.stopWithSavepoint(job, false, savepoints.toUri().toString(),
                    SavepointFormatType.CANONICAL).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(0, run.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            Files.createDirectories(out);
            try (Stream<Path> files = Files.list(Paths.get(java.net.URI.create(savepoint)))) {
                for (Path file : files.collect(Collectors.toList())) {
                    Files.copy(file, out.resolve(file.getFileName()));
                }
            }
        }
    }

    /** Runs a bounded job's command line; its exit code, or a failure after {@link #TIMEOUT}. */
    private static int runToEnd(String[] args) throws Exception {
        return CompletableFuture.supplyAsync(() -> FlinkDrift.commandLine().execute(args))
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * The records of {@code topic} once there are {@code expected}; fails as soon as the job's command
     * line returns (a failed restore) or after {@link #TIMEOUT}.
     */
    private static List<String> awaitOutput(EmbeddedKafka kafka, String topic, int expected,
            CompletableFuture<Integer> job) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            List<String> lines = kafka.consumeAll(topic, false, expected, Duration.ofSeconds(2));
            if (lines.size() >= expected || System.nanoTime() > deadline) {
                return lines;
            }
            if (job.isDone()) {
                fail("the restored job ended with exit code " + job.get() + " after " + lines.size()
                        + " of " + expected + " predictions");
            }
        }
    }

    /** The {@code classify} command line of the fixture, reading {@code examples} from the beginning. */
    private static String[] classify(EmbeddedKafka kafka, String sinkTopic, int parallelism, String stateBackend,
            boolean bounded) {
        List<String> args = new ArrayList<>(List.of("classify",
                "--source", "kafka:examples", "--kafka-bootstrap", kafka.bootstrapServers(),
                "--id", "id", "--key", "k", "--label", "y", "--classes", "a,b", "--features", "x",
                "--learner", "kalman", "--sink", "kafka:" + sinkTopic, "--delivery", "at-least-once",
                "--dead-letter", "none", "--parallelism", String.valueOf(parallelism),
                "--state-backend", stateBackend, "--checkpoint-interval", "200", "--progress-interval", "0"));
        if (bounded) {
            args.add("--kafka-bounded");
        }
        return args.toArray(new String[0]);
    }

    /** JSON-lines examples with ids {@code [from, to)}; every {@value #BAD_EVERY}th has a bad feature. */
    private static List<String> examples(int from, int to) {
        List<String> lines = new ArrayList<>();
        for (int id = from; id < to; id++) {
            double x = (id * 7919 % 1000) / 100.0;
            String y = (x + id % KEYS) % 4 < 2 ? "a" : "b";
            String feature = isBad(id) ? "\"n/a\"" : String.valueOf(x);
            lines.add("{\"id\": " + id + ", \"k\": \"k" + id % KEYS + "\", \"x\": " + feature + ", \"y\": \"" + y + "\"}");
        }
        return lines;
    }

    private static boolean isBad(int id) {
        return id % BAD_EVERY == 1;
    }

    /** Number of good examples with ids in {@code [from, to)}. */
    private static int good(int from, int to) {
        int count = 0;
        for (int id = from; id < to; id++) {
            count += isBad(id) ? 0 : 1;
        }
        return count;
    }

    private Map<Long, JsonNode> byId(List<String> lines) throws IOException {
        Map<Long, JsonNode> predictions = new TreeMap<>();
        for (String line : lines) {
            JsonNode prediction = json.readTree(line);
            predictions.put(prediction.get("id").asLong(), prediction);
        }
        return predictions;
    }

    private static String savepointDirectory(URL metadata) throws URISyntaxException {
        return Paths.get(metadata.toURI()).getParent().toUri().toString();
    }

    private static List<JobID> runningJobs(ClusterClient<?> client) throws Exception {
        return client.listJobs().get().stream()
                .filter(job -> job.getJobState() == JobStatus.RUNNING)
                .map(JobStatusMessage::getJobId)
                .collect(Collectors.toList());
    }

    private static void cancelRunningJobs(ClusterClient<?> client) throws Exception {
        for (JobID job : runningJobs(client)) {
            client.cancel(job).get();
        }
    }

    /**
     * Makes {@code StreamExecutionEnvironment.getExecutionEnvironment} (which the jobs call) return an
     * environment that submits to the test's cluster without restarts, so that a job whose state
     * cannot be restored fails instead of restarting forever, and that restores the given savepoint
     * as {@code flink run -s} does. The cluster extension resets the context after each test.
     */
    private static final class FailFastContext extends StreamExecutionEnvironment {

        static void install(Configuration cluster, @Nullable String savepoint) {
            initializeContextEnvironment(jobConfiguration -> {
                Configuration configuration = new Configuration(cluster);
                configuration.addAll(jobConfiguration);
                configuration.set(DeploymentOptions.TARGET, "remote");
                configuration.set(DeploymentOptions.ATTACHED, true); // as flink run without -d
                configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
                if (savepoint != null) {
                    configuration.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
                }
                return new StreamExecutionEnvironment(configuration);
            });
        }
    }
}
