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
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The Kafka client steps of the end-to-end harness, one JVM per step (compiled once per run by
 * run.sh, then {@code java -cp CLASSES:kafka-lib/* KafkaTool COMMAND BOOTSTRAP ARGS...}):
 *
 * <ul>
 *   <li>{@code create BOOTSTRAP PARTITIONS TOPIC...}: creates the topics (replication 1, no time-based
 *       retention: the jobs' records carry old event times) and returns once they exist.
 *   <li>{@code produce BOOTSTRAP FILE}: writes FILE's {@code TOPIC|KEY|VALUE} lines, each to its topic,
 *       and returns once the broker has acknowledged all of them ({@code acks=all}).
 *   <li>{@code read BOOTSTRAP TOPIC}: prints the value of every committed record, one per line:
 *       {@code read_committed} from the beginning of every partition up to its last stable offset at
 *       start, so the output is exactly what transactional writers have committed by then.
 * </ul>
 *
 * Exits 1 when a step does not complete within a minute.
 */
public final class KafkaTool {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: KafkaTool create|produce|read BOOTSTRAP ARGS...");
            System.exit(2);
        }
        switch (args[0]) {
            case "create":
                create(args[1], Integer.parseInt(args[2]), Arrays.asList(args).subList(3, args.length));
                break;
            case "produce":
                produce(args[1], args[2]);
                break;
            case "read":
                read(args[1], args[2]);
                break;
            default:
                System.err.println("unknown command " + args[0]);
                System.exit(2);
        }
    }

    private static void create(String bootstrap, int partitions, List<String> topics) throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(properties)) {
            List<NewTopic> newTopics = topics.stream()
                    .map(topic -> new NewTopic(topic, partitions, (short) 1).configs(Map.of("retention.ms", "-1")))
                    .collect(Collectors.toList());
            admin.createTopics(newTopics).all().get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static void produce(String bootstrap, String file) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(new FileInputStream(file), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        }
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String line : lines) {
                String[] parts = line.split("\\|", 3);
                producer.send(new ProducerRecord<>(parts[0], parts[1].getBytes(StandardCharsets.UTF_8),
                        parts[2].getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private static void read(String bootstrap, String topic) throws Exception {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    System.err.println("KafkaTool: end offsets " + end + " not reached in " + TIMEOUT);
                    out.flush();
                    System.exit(1);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    out.write(new String(record.value(), StandardCharsets.UTF_8));
                    out.newLine();
                }
            }
        }
        out.flush();
    }
}
