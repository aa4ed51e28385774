package io.flinkdrift.jobs;

import io.flinkdrift.jobs.runtime.PartialSummaryOperator;
import io.flinkdrift.testing.EmbeddedKafka;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.graph.StreamingJobGraphGenerator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The stream graph of every job, as its command line builds it at {@code --parallelism} {@value
 * #PARALLELISM}: no operator on a record's path runs at parallelism 1. Two kinds of operator are
 * allowed at parallelism 1, and each is checked for why:
 *
 * <ul>
 *   <li>a single-file reader: a file source and the operators chained behind it before the first
 *       shuffle (parse, event time), because a file is read in order by one reader so that row
 *       numbers, headers and first-appearance class indices are well defined;
 *   <li>a run summary, whose every input is a pre-aggregating {@link PartialSummaryOperator}: it
 *       receives a few partials per checkpoint and subtask, never a record.
 * </ul>
 *
 * <p>{@code ann} still routes inserts through its coordinator at parallelism 1 (issue 11, item 3):
 * its test names those operators explicitly, so that the list can only shrink. {@code ann --inserts
 * sharded} does not: its only operator at parallelism 1 is the keep-alive source of its shards, which
 * emits no record.
 */
class JobParallelismTest {

    private static final int PARALLELISM = 3;

    /**
     * ann's operators still at parallelism 1: the maintenance coordinator, the exact search of its
     * log and the pre-aggregation of its maintenance events.
     */
    private static final Set<String> ANN_COORDINATION = Set.of("ann coordinator", "exact search (recall sample)",
            "partial maintenance-summary-partials");

    /** ann --inserts sharded: the shards' keep-alive input, which emits no record (ShardedAnnPipeline). */
    private static final Set<String> ANN_SHARDED = Set.of("Source: ann keep-alive");

    /** A real broker: the jobs check before they start that their Kafka topics exist. */
    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @TempDir
    Path dir;

    @BeforeAll
    static void createTopics() throws Exception {
        for (String topic : List.of("examples", "labels", "predictions")) {
            KAFKA.createTopic(topic, PARALLELISM);
        }
    }

    @AfterEach
    void resetContext() {
        GraphCapture.reset();
    }

    static Stream<Arguments> jobs() {
        return Stream.of(
                Arguments.of("classify, generator", List.of("classify", "--source", "synthetic:sea?keys=8",
                        "--learner", "kalman", "--snapshot-every", "100", "--snapshots", "file:SNAPSHOTS")),
                Arguments.of("classify --conformal", List.of("classify", "--source", "synthetic:sea?keys=8",
                        "--learner", "kalman", "--conformal", "alpha=0.1")),
                Arguments.of("classify, Kafka with delayed labels", List.of("classify", "--source", "kafka:examples",
                        "--kafka-bootstrap", "BOOTSTRAP", "--key", "k", "--label", "y", "--classes", "a,b",
                        "--labels", "kafka:labels", "--learner", "rls")),
                Arguments.of("classify, file", List.of("classify", "--source", "file:INPUT", "--label", "y",
                        "--learner", "kalman")),
                Arguments.of("regress", List.of("regress", "--source", "synthetic:hyperplane?keys=8",
                        "--learner", "rls")),
                Arguments.of("conformal", List.of("conformal", "--source", "kafka:predictions",
                        "--kafka-bootstrap", "BOOTSTRAP", "--prediction", "yhat", "--label", "y")),
                Arguments.of("density", List.of("density", "--source", "synthetic:mixture?keys=8",
                        "--grid-lo", "-12", "--grid-hi", "12")),
                Arguments.of("ann", List.of("ann", "--source", "synthetic:mixture?dimension=8&keys=8",
                        "--lists", "16", "--sub-quantizers", "4")),
                Arguments.of("ann --inserts sharded", List.of("ann", "--source", "synthetic:mixture?dimension=8&keys=8",
                        "--lists", "16", "--sub-quantizers", "4", "--inserts", "sharded", "--maintenance", "lazy",
                        "--maintenance-interval", "1000")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void noOperatorOnARecordsPathRunsAtParallelismOne(String name, List<String> command) throws Exception {
        StreamGraph graph = graphOf(command);
        List<String> parallel = new ArrayList<>();
        for (StreamNode node : graph.getStreamNodes()) {
            if (node.getParallelism() == PARALLELISM) {
                parallel.add(node.getOperatorName());
                continue;
            }
            assertEquals(1, node.getParallelism(), node.getOperatorName() + " runs at another parallelism");
            if (isSummaryOfPartials(graph, node) || isSingleFileReader(graph, node)
                    || exceptions(command).contains(node.getOperatorName())) {
                continue;
            }
            fail(name + ": " + node.getOperatorName() + " runs at parallelism 1 on a record's path");
        }
        assertTrue(parallel.size() >= 3, name + ": " + parallel); // the keyed operators at least
    }

    private static Set<String> exceptions(List<String> command) {
        return command.contains("sharded") ? ANN_SHARDED : command.get(0).equals("ann") ? ANN_COORDINATION : Set.of();
    }

    /**
     * Every job runs with object reuse: chained operators pass records on without a serializer copy
     * (what makes that safe is in {@code JobEnvironments} and {@code KeyedBundleOperator}).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void everyJobRunsWithObjectReuse(String name, List<String> command) throws Exception {
        assertTrue(graphOf(command).getExecutionConfig().isObjectReuseEnabled(), name);
    }

    static Stream<Arguments> generatorLearningJobs() {
        return Stream.of(
                Arguments.of("classify (kalman)", List.of("classify", "--source", "synthetic:sea?keys=8", "--learner",
                        "kalman")),
                Arguments.of("classify (kalman)", List.of("classify", "--source", "synthetic:sea?keys=8", "--learner",
                        "kalman", "--conformal", "alpha=0.1")),
                Arguments.of("regress (rls)", List.of("regress", "--source", "synthetic:hyperplane?keys=8",
                        "--learner", "rls")),
                Arguments.of("density (experts)", List.of("density", "--source", "synthetic:mixture?keys=8",
                        "--grid-lo", "-12", "--grid-hi", "12", "--bins", "12")));
    }

    /**
     * A generator's readers emit the keys their subtask owns, so the keyed learner reads them without a
     * shuffle: generator, learner and the pre-aggregation of the summary run in one task (one thread per
     * subtask), and no record is serialized between them.
     */
    @ParameterizedTest(name = "{1}")
    @MethodSource("generatorLearningJobs")
    void aGeneratorChainsIntoTheKeyedLearnerAndItsSummaryPartials(String learner, List<String> command)
            throws Exception {
        JobGraph job = StreamingJobGraphGenerator.createJobGraph(graphOf(command));
        JobVertex source = null;
        for (JobVertex vertex : job.getVertices()) {
            if (vertex.getName().startsWith("Source: synthetic:")) {
                source = vertex;
            }
        }
        assertNotNull(source, "no generator task in " + job);
        assertEquals(PARALLELISM, source.getParallelism());
        assertTrue(source.getName().contains(learner) && source.getName().contains("partial summary-partials"),
                source.getName());
    }

    /** A summary merger: every input is a pre-aggregation. */
    private static boolean isSummaryOfPartials(StreamGraph graph, StreamNode node) {
        return !node.getInEdges().isEmpty() && node.getInEdges().stream()
                .allMatch(edge -> operatorOf(graph.getStreamNode(edge.getSourceId())) instanceof PartialSummaryOperator);
    }

    /** A file source, or an operator fed only by parallelism-1 operators that start at a file source. */
    private static boolean isSingleFileReader(StreamGraph graph, StreamNode node) {
        if (node.getInEdges().isEmpty()) {
            return node.getOperatorName().startsWith("Source: file:");
        }
        for (StreamEdge edge : node.getInEdges()) {
            StreamNode upstream = graph.getStreamNode(edge.getSourceId());
            if (upstream.getParallelism() != 1 || !isSingleFileReader(graph, upstream)) {
                return false;
            }
        }
        return true;
    }

    private static Object operatorOf(StreamNode node) {
        StreamOperatorFactory<?> factory = node.getOperatorFactory();
        return factory instanceof SimpleOperatorFactory ? ((SimpleOperatorFactory<?>) factory).getOperator() : null;
    }

    /** Builds the job of {@code command} (sinks to files under the test directory) and returns its stream graph. */
    private StreamGraph graphOf(List<String> command) throws Exception {
        Path input = java.nio.file.Files.writeString(dir.resolve("input.csv"), "x,y\n1,a\n");
        List<String> args = new ArrayList<>();
        for (String arg : command) {
            args.add(arg.replace("SNAPSHOTS", dir.resolve("snapshots").toString())
                    .replace("INPUT", input.toString())
                    .replace("BOOTSTRAP", KAFKA.bootstrapServers()));
        }
        args.addAll(List.of("--parallelism", String.valueOf(PARALLELISM), "--progress-interval", "0",
                "--sink", "file:" + dir.resolve("out"), "--dead-letter", "file:" + dir.resolve("rejected")));
        GraphCapture.install();
        FlinkDrift.commandLine().execute(args.toArray(new String[0]));
        StreamGraph graph = GraphCapture.captured;
        assertNotNull(graph, "the job was not submitted: " + String.join(" ", args));
        return graph;
    }

    /** An environment that records the stream graph of the job it is asked to run, and runs nothing. */
    private static final class GraphCapture extends StreamExecutionEnvironment {

        static StreamGraph captured;

        GraphCapture(Configuration configuration) {
            super(configuration);
        }

        static void install() {
            captured = null;
            initializeContextEnvironment(GraphCapture::new);
        }

        static void reset() {
            resetContextEnvironment();
        }

        @Override
        public JobClient executeAsync(StreamGraph streamGraph) {
            captured = streamGraph;
            throw new IllegalStateException("graph captured, not run");
        }
    }
}
