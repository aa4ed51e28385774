package io.flinkdrift.jobs.testing;

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
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * State compatibility of one job: a savepoint taken by an earlier build (a checked-in fixture under
 * {@code savepoints/}) must restore into this build, on RocksDB at parallelism 2, and continue exactly
 * where it stopped. A subclass names the job, its options and its input; the test fails when a change
 * to a state serializer, a codec version, an operator uid or the max parallelism breaks the restore,
 * and also when the restored state means something else than before (the outputs after the restore
 * must equal those of an uninterrupted run, field by field).
 *
 * <p>A fixture is a canonical savepoint of the job (heap state backend, parallelism 1) stopped after it
 * had read and answered the first {@link #FIXTURE_RECORDS} records of the single-partition topic
 * {@code examples}. When a release changes state on purpose (with a migration), keep the old fixture,
 * add the new one beside it and regenerate with {@code mvn -pl jobs test
 * -Dtest='RegressSavepointCompatibilityTest#takeSavepointFixture'
 * -Dflinkdrift.savepoint.fixture.out=$PWD/jobs/src/test/resources/savepoints/regress-vN} (for regress).
 */
public abstract class SavepointCompatibility {

    protected static final int FIXTURE_RECORDS = 400;
    private static final int RECORDS = 800;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private final ObjectMapper json = new ObjectMapper();
    private final String fixture;
    private final List<String> jobOptions;

    /**
     * @param fixture the fixture's resource directory, e.g. {@code /savepoints/regress-v1}
     * @param jobOptions the job and its own options: everything but source, sink, parallelism and
     *     state backend
     */
    protected SavepointCompatibility(String fixture, String... jobOptions) {
        this.fixture = fixture;
        this.jobOptions = List.of(jobOptions);
    }

    /**
     * The input line of record {@code id}: JSON with an {@code id} field and a key {@code k}; one the job
     * dead-letters when {@code bad}.
     */
    protected abstract String example(int id, boolean bad);

    /** Every 50th record (id % 50 == 1) is bad: it has no output, only a dead letter. */
    private static boolean isBad(int id) {
        return id % 50 == 1;
    }

    /** Whether good record {@code id} has an output (every one unless the job answers only some). */
    protected boolean hasOutput(int id) {
        return true;
    }

    /** The id of the record an output answers. */
    protected long outputId(JsonNode output) {
        return output.get("id").asLong();
    }

    @Test
    void restoresTheCheckedInSavepointAtAnotherParallelismAndContinuesLikeAnUninterruptedRun(
            @InjectClusterClient ClusterClient<?> client) throws Exception {
        URL metadata = getClass().getResource(fixture + "/_metadata");
        assertNotNull(metadata, "fixture " + fixture + " is missing from the test resources");
        try (EmbeddedKafka kafka = new EmbeddedKafka()) {
            kafka.start();
            kafka.createTopic("examples", 1);
            kafka.createTopic("reference", 1);
            kafka.createTopic("restored", 1);
            kafka.produce("examples", examples(0, RECORDS));

            FailFastContext.install(CLUSTER.getClientConfiguration(), null);
            runToEnd(command(kafka, "reference", 1, "heap", true));
            Map<Long, JsonNode> reference = byId(kafka.consumeAll("reference", false, good(0, RECORDS), TIMEOUT));
            assertEquals(good(0, RECORDS), reference.size());

            // The restored job reads on from the savepoint's offsets, so it is unbounded: cancel it once
            // it has answered every record after them.
            FailFastContext.install(CLUSTER.getClientConfiguration(), savepointDirectory(metadata));
            CompletableFuture<Integer> restored = CompletableFuture.supplyAsync(
                    () -> FlinkDrift.commandLine().execute(command(kafka, "restored", 2, "rocksdb", false)));
            int expected = good(FIXTURE_RECORDS, RECORDS);
            List<String> lines = awaitOutput(kafka, "restored", expected, restored);
            cancelRunningJobs(client);
            restored.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            Map<Long, JsonNode> outputs = byId(lines);
            assertEquals(expected, lines.size(), "restored outputs (duplicates count twice)");
            assertEquals(expected, outputs.size());
            assertEquals(IntStream.range(FIXTURE_RECORDS, RECORDS).filter(this::answered).min().orElseThrow(),
                    outputs.keySet().iterator().next().longValue(),
                    "the first id answered after the restore (the savepoint has read every smaller id)");
            for (Map.Entry<Long, JsonNode> output : outputs.entrySet()) {
                assertEquals(reference.get(output.getKey()), output.getValue(), "output for id " + output.getKey());
            }
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
            kafka.createTopic("outputs", 1);
            kafka.produce("examples", examples(0, FIXTURE_RECORDS));
            FailFastContext.install(CLUSTER.getClientConfiguration(), null);
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
                    () -> FlinkDrift.commandLine().execute(command(kafka, "outputs", 1, "heap", false)));
            int expected = good(0, FIXTURE_RECORDS);
            assertEquals(expected, kafka.consumeAll("outputs", false, expected, TIMEOUT).size());
            JobID job = runningJobs(client).get(0);
            String savepoint = client.stopWithSavepoint(job, false, savepoints.toUri().toString(),
                    SavepointFormatType.CANONICAL).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            run.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Files.createDirectories(out);
            try (Stream<Path> files = Files.list(Paths.get(java.net.URI.create(savepoint)))) {
                for (Path file : files.collect(Collectors.toList())) {
                    Files.copy(file, out.resolve(file.getFileName()));
                }
            }
        }
    }

    /** Runs a bounded job's command line to its end, or fails after {@link #TIMEOUT}. */
    private static void runToEnd(String[] args) throws Exception {
        assertEquals(0, CompletableFuture.supplyAsync(() -> FlinkDrift.commandLine().execute(args))
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
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
                        + " of " + expected + " outputs");
            }
        }
    }

    /** The job's command line, reading {@code examples} from the beginning. */
    private String[] command(EmbeddedKafka kafka, String sinkTopic, int parallelism, String stateBackend,
            boolean bounded) {
        List<String> args = new ArrayList<>(jobOptions);
        args.addAll(List.of("--source", "kafka:examples", "--kafka-bootstrap", kafka.bootstrapServers(),
                "--sink", "kafka:" + sinkTopic, "--delivery", "at-least-once", "--dead-letter", "none",
                "--parallelism", String.valueOf(parallelism), "--state-backend", stateBackend,
                "--checkpoint-interval", "200", "--progress-interval", "0"));
        if (bounded) {
            args.add("--kafka-bounded");
        }
        return args.toArray(new String[0]);
    }

    private List<String> examples(int from, int to) {
        return IntStream.range(from, to).mapToObj(id -> example(id, isBad(id))).collect(Collectors.toList());
    }

    private boolean answered(int id) {
        return !isBad(id) && hasOutput(id);
    }

    /** Number of records with an output with ids in {@code [from, to)}. */
    private int good(int from, int to) {
        return (int) IntStream.range(from, to).filter(this::answered).count();
    }

    private Map<Long, JsonNode> byId(List<String> lines) throws IOException {
        Map<Long, JsonNode> outputs = new TreeMap<>();
        for (String line : lines) {
            JsonNode output = json.readTree(line);
            outputs.put(outputId(output), output);
        }
        return outputs;
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
     * environment that submits to the test's cluster, attached and without restarts, so that a job
     * whose state cannot be restored fails instead of restarting forever, and that restores the given
     * savepoint as {@code flink run -s} does. The cluster extension resets the context after each test.
     */
    private static final class FailFastContext extends StreamExecutionEnvironment {

        static void install(Configuration cluster, @Nullable String savepoint) {
            initializeContextEnvironment(jobConfiguration -> {
                Configuration configuration = new Configuration(cluster);
                configuration.addAll(jobConfiguration);
                configuration.set(DeploymentOptions.TARGET, "remote");
                // attached like `flink run` without -d: the command line returns when the job ends
                configuration.set(DeploymentOptions.ATTACHED, true);
                configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
                if (savepoint != null) {
                    configuration.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
                }
                return new StreamExecutionEnvironment(configuration);
            });
        }
    }
}
