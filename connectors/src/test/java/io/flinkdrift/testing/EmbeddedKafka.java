package io.flinkdrift.testing;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import scala.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real single-node Kafka 3.4 cluster (KRaft, broker and controller in one process) running inside
 * the test JVM, on free local ports, with a temporary log directory deleted on close. Replication
 * factors are 1 and internal topics have one partition, so transactions work and start quickly.
 *
 * <p>As a JUnit 5 extension: {@code @RegisterExtension static final EmbeddedKafka KAFKA = new
 * EmbeddedKafka();} starts the broker before the class's tests and stops it after them. Outside JUnit
 * call {@link #start()} and {@link #close()}.
 */
public final class EmbeddedKafka implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, String> brokerProperties;
    private Path logDir;
    private KafkaRaftServer server;
    private String bootstrapServers;

    /** A broker with the default configuration described above. */
    public EmbeddedKafka() {
        this(Map.of());
    }

    /** A broker whose configuration also has these properties (they win over the defaults above). */
    public EmbeddedKafka(Map<String, String> brokerProperties) {
        this.brokerProperties = Map.copyOf(brokerProperties);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Starts the broker and waits until it serves metadata. */
    public void start() throws IOException, InterruptedException, ExecutionException {
        if (server != null) {
            throw new IllegalStateException("EmbeddedKafka is already started at " + bootstrapServers);
        }
        int brokerPort = freePort();
        int controllerPort = freePort();
        logDir = Files.createTempDirectory("embedded-kafka-");
        Files.writeString(logDir.resolve("meta.properties"),
                "version=1\ncluster.id=" + Uuid.randomUuid() + "\nnode.id=1\n");
        bootstrapServers = "localhost:" + brokerPort;

        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", "1");
        props.setProperty("controller.quorum.voters", "1@localhost:" + controllerPort);
        props.setProperty("listeners",
                "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
        props.setProperty("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty("log.dirs", logDir.toString());
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("offsets.topic.num.partitions", "1");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("transaction.state.log.num.partitions", "1");
        props.setProperty("default.replication.factor", "1");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        props.putAll(brokerProperties);
        server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM, Option.empty());
        server.startup();
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get();
        }
    }

    /** {@code host:port} of the broker's plaintext listener. */
    public String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("EmbeddedKafka is not started");
        }
        return bootstrapServers;
    }

    /** Creates a topic with replication factor 1 and waits until it exists. */
    public void createTopic(String name, int partitions) throws InterruptedException, ExecutionException {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    /** Writes the values (no keys) in order, spread over partitions by Kafka's default partitioner. */
    public void produce(String topic, List<String> values) {
        Properties props = new Properties();
        props.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value));
            }
            producer.flush();
        }
    }

    /**
     * Reads a topic from its beginning: polls until at least {@code expectedCount} values arrived and
     * every partition is read to its end (for {@code read_committed}, the last stable offset), or until
     * {@code timeout}. Returns every value read, so duplicates beyond the expected count are visible.
     *
     * @param readCommitted whether to use {@code isolation.level=read_committed} (hides records of open
     *     and aborted transactions)
     */
    public List<String> consumeAll(String topic, boolean readCommitted, int expectedCount, Duration timeout) {
        Properties props = new Properties();
        props.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                readCommitted ? "read_committed" : "read_uncommitted");
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    values.add(record.value());
                }
                if (values.size() >= expectedCount && readToEnd(consumer, partitions)) {
                    break;
                }
            }
        }
        return values;
    }

    private static boolean readToEnd(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
    }

    /** An admin client of the broker; the caller closes it. */
    public Admin admin() {
        Properties props = new Properties();
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                String.valueOf(ADMIN_TIMEOUT.toMillis()));
        return Admin.create(props);
    }

    /** Stops the broker and deletes its log directory. */
    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
        bootstrapServers = null;
        if (logDir != null) {
            deleteRecursively(logDir);
            logDir = null;
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete Kafka log directory " + dir, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
