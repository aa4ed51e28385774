package io.flinkdrift.jobs.ann;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkdrift.core.ann.IvfPqConfig;
import io.flinkdrift.core.ann.IvfPqIndex;
import io.flinkdrift.core.ann.SearchResult;
import io.flinkdrift.generators.DriftGenerator;
import io.flinkdrift.generators.Generators;
import io.flinkdrift.jobs.FlinkDrift;
import io.flinkdrift.operators.ann.AnnMaintenance;
import io.flinkdrift.records.Example;
import io.flinkdrift.testing.EmbeddedKafka;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ann} with inserts and queries both read from multi-partition Kafka topics whose whole input
 * is a backlog when the job starts: every answer equals a brute-force replay that applies the records
 * one by one in event-time order (a query at time t against exactly the inserts before t, training,
 * Hybrid maintenance and search on the core {@link IvfPqIndex}).
 *
 * <p>The inserts are spread over 4 partitions, the queries are all in the first of 2 (the second stays
 * empty, as in a topic keyed by fewer keys than it has partitions). A reader gets its partitions'
 * backlogs in bursts, far more than the 5 s out-of-orderness apart in event time (records are 100 ms
 * apart), so a watermark per reader instead of per partition answers queries before earlier inserts
 * of another partition; and at parallelism 2 one reader's only query partition is the empty one,
 * which must not stop event time (it goes idle). Unbounded at parallelism 2, a tail 60 s of event
 * time later lets the watermark pass every other record; bounded at parallelism 1 the input's end does.
 */
class AnnKafkaEventTimeTest {

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    private static final int RECORDS = 4000;
    /** Every QUERY_EVERY-th record (by index) is a query, the others are inserts. */
    private static final int QUERY_EVERY = 4;
    private static final long SPACING_MS = 100;
    private static final String SOURCE = "mixture?dimension=8&components=12&radius=6&mode=abrupt&period=2000"
            + "&driftSpeed=0.0005&seed=9";
    private static final int INSERT_PARTITIONS = 4;
    private static final int QUERY_PARTITIONS = 2;
    private static final long TAIL_IDS = 1_000_000;
    private static final long TAIL_TIME = RECORDS * SPACING_MS + 60_000;

    private static final int LISTS = 16;
    private static final int SUB_QUANTIZERS = 4;
    private static final int TRAINING = 500;
    private static final int MAINTENANCE_EVERY = 400;
    private static final int K = 5;
    private static final int NPROBE = 4;
    private static final long SEED = 42;

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void unboundedBacklogAtParallelism2IsAnsweredLikeTheEventTimeReplay(
            @InjectClusterClient ClusterClient<?> client) throws Exception {
        Input input = produce("unbounded");
        CompletableFuture<Integer> job = CompletableFuture.supplyAsync(() -> run(input, 2, false));
        // every query but the tail's (the newest event time, never passed by the watermark) is answered
        List<String> lines = KAFKA.consumeAll(input.answers, false, input.queries.size(), TIMEOUT);
        for (JobStatusMessage running : client.listJobs().get()) {
            if (running.getJobState() == JobStatus.RUNNING) {
                client.cancel(running.getJobId()).get();
            }
        }
        job.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertAnswers(input, lines);
    }

    @Test
    void boundedBacklogAtParallelism1IsAnsweredLikeTheEventTimeReplay() throws Exception {
        Input input = produce("bounded");
        assertEquals(0, run(input, 1, true));
        // the tail's queries too, at the input's end
        assertAnswers(input, KAFKA.consumeAll(input.answers, false, input.queries.size() + QUERY_PARTITIONS - 1,
                TIMEOUT));
    }

    /** The records of one run: real inserts and queries, plus the tail. */
    private record Input(String inserts, String queryTopic, String answers, List<Example> records,
            List<Example> queries) {}

    private Input produce(String name) throws Exception {
        Input input = new Input(name + "-inserts", name + "-queries", name + "-answers", new ArrayList<>(),
                new ArrayList<>());
        KAFKA.createTopic(input.inserts, INSERT_PARTITIONS);
        KAFKA.createTopic(input.queryTopic, QUERY_PARTITIONS);
        KAFKA.createTopic(input.answers, 1);
        DriftGenerator generator = Generators.fromSpec(SOURCE);
        Properties props = new Properties();
        props.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            int inserts = 0;
            int queries = 0;
            for (int index = 0; index < RECORDS; index++) {
                Example generated = generator.generate(index);
                Example record = new Example(index, "", index * SPACING_MS, generated.features, Double.NaN,
                        Example.UNKNOWN_CONCEPT);
                input.records.add(record);
                boolean query = index % QUERY_EVERY == QUERY_EVERY - 1;
                if (query) {
                    input.queries.add(record);
                }
                // queries only in the first partitions (the last stays empty), inserts in all
                int partition = query ? queries++ % (QUERY_PARTITIONS - 1) : inserts++ % INSERT_PARTITIONS;
                producer.send(new ProducerRecord<>(query ? input.queryTopic : input.inserts, partition, null,
                        line(record)));
            }
            double[] zero = new double[generator.dimension()];
            for (int partition = 0; partition < INSERT_PARTITIONS; partition++) {
                producer.send(new ProducerRecord<>(input.inserts, partition, null,
                        line(tail(TAIL_IDS + QUERY_PARTITIONS + partition, zero))));
            }
            for (int partition = 0; partition < QUERY_PARTITIONS - 1; partition++) {
                producer.send(new ProducerRecord<>(input.queryTopic, partition, null,
                        line(tail(TAIL_IDS + partition, zero))));
            }
            producer.flush();
        }
        return input;
    }

    private static Example tail(long id, double[] vector) {
        return new Example(id, "", TAIL_TIME, vector, Double.NaN, Example.UNKNOWN_CONCEPT);
    }

    private static String line(Example record) {
        return AnnKafkaQueriesTest.json(record.id, record.timestamp, record.features);
    }

    private static int run(Input input, int parallelism, boolean bounded) {
        List<String> args = new ArrayList<>(List.of("ann", "--source", "kafka:" + input.inserts,
                "--queries", "kafka:" + input.queryTopic, "--kafka-bootstrap", KAFKA.bootstrapServers(),
                "--id", "id", "--time", "t", "--features", "x", "--dimension", "8",
                "--lists", String.valueOf(LISTS), "--sub-quantizers", String.valueOf(SUB_QUANTIZERS), "--residual",
                "--training-size", String.valueOf(TRAINING), "--maintenance", "hybrid",
                "--maintenance-every", String.valueOf(MAINTENANCE_EVERY), "--ttl", "0", "--seed", String.valueOf(SEED),
                "--k", String.valueOf(K), "--nprobe", String.valueOf(NPROBE),
                "--parallelism", String.valueOf(parallelism), "--sink", "kafka:" + input.answers,
                "--delivery", "at-least-once", "--dead-letter", "none", "--checkpoint-interval", "0",
                "--progress-interval", "0"));
        if (bounded) {
            args.add("--kafka-bounded");
        }
        return FlinkDrift.commandLine().execute(args.toArray(new String[0]));
    }

    private void assertAnswers(Input input, List<String> lines) throws Exception {
        Map<Long, Answer> replayed = replay(input.records);
        Map<Long, JsonNode> answers = new HashMap<>();
        for (String line : lines) {
            JsonNode answer = json.readTree(line);
            long queryId = answer.get("queryId").asLong();
            assertEquals(null, answers.put(queryId, answer), "answered twice: " + line);
        }
        answers.keySet().removeIf(queryId -> queryId >= TAIL_IDS);
        assertEquals(input.queries.size(), answers.size(), "answered queries");
        for (Example query : input.queries) {
            JsonNode answer = answers.get(query.id);
            assertTrue(answer != null, "query " + query.id + " unanswered");
            assertEquals(replayed.get(query.id).version, answer.get("version").asLong(), "query " + query.id);
            SearchResult want = replayed.get(query.id).result;
            long[] ids = new long[answer.get("ids").size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = answer.get("ids").get(i).asLong();
                float distance = (float) answer.get("distances").get(i).asDouble();
                assertEquals(want.distances()[i], distance, Math.ulp(want.distances()[i]), "query " + query.id);
            }
            assertArrayEquals(want.ids(), ids, "neighbours of query " + query.id + " at t=" + query.timestamp);
            assertEquals(want.scanned(), answer.get("scanned").asLong(), "query " + query.id);
        }
    }

    /**
     * The sequential index over the records in event-time order, as {@code ann} documents it: train on
     * the first {@link #TRAINING} inserts, then every insert is added, Hybrid maintenance runs after
     * every {@link #MAINTENANCE_EVERY} inserts past training, and a query is searched when it comes.
     */
    private static Map<Long, Answer> replay(List<Example> records) {
        List<Example> ordered = new ArrayList<>(records);
        ordered.sort(Comparator.comparingLong(record -> record.timestamp));
        IvfPqConfig config = new IvfPqConfig(8, LISTS, SUB_QUANTIZERS).withResidualEncoding(true)
                .withReanchorThreshold(IvfPqConfig.DEFAULT_REANCHOR_THRESHOLD).withSeed(SEED);
        float[] training = new float[TRAINING * config.dimension()];
        List<Example> trainingInserts = new ArrayList<>();
        Map<Long, Answer> answers = new HashMap<>();
        IvfPqIndex index = null;
        int sinceMaintenance = 0;
        for (Example record : ordered) {
            boolean query = record.id % QUERY_EVERY == QUERY_EVERY - 1;
            if (query) {
                answers.put(record.id, index == null
                        ? new Answer(SearchResult.of(new long[0], new float[0], 0), -1)
                        : new Answer(index.search(vector(record), K, NPROBE), index.version()));
            } else if (index == null) {
                System.arraycopy(vector(record), 0, training, trainingInserts.size() * config.dimension(),
                        config.dimension());
                trainingInserts.add(record);
                if (trainingInserts.size() == TRAINING) {
                    index = IvfPqIndex.train(config, training, TRAINING);
                    for (Example insert : trainingInserts) {
                        index.add(insert.id, vector(insert), insert.timestamp);
                    }
                }
            } else {
                index.add(record.id, vector(record), record.timestamp);
                if (++sinceMaintenance == MAINTENANCE_EVERY) {
                    sinceMaintenance = 0;
                    AnnMaintenance.HYBRID.policy().run(index);
                }
            }
        }
        return answers;
    }

    /** A query's top-k and the quantizer version it was searched under (−1: before training). */
    private record Answer(SearchResult result, long version) {}

    private static float[] vector(Example record) {
        float[] vector = new float[record.features.length];
        for (int j = 0; j < vector.length; j++) {
            vector[j] = (float) record.features[j];
        }
        return vector;
    }
}
