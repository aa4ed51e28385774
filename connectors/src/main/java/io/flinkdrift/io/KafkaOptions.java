package io.flinkdrift.io;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.connector.kafka.source.KafkaSourceOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.io.Serializable;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * Where and how to reach one Kafka topic; immutable, validated on construction. Start with
 * {@link #KafkaOptions(String, String)} and refine with the {@code with*} methods, each of which
 * returns a validated copy.
 *
 * <ul>
 *   <li>{@code bootstrapServers}: {@code host:port[,host:port...]}, non-blank.
 *   <li>{@code topic}: non-blank.
 *   <li>{@code groupId}: consumer group of the source, default {@value #DEFAULT_GROUP_ID}.
 *   <li>{@code startingOffsets}: where the source starts when it has no checkpoint:
 *       {@code earliest} (default), {@code latest}, {@code committed} (the group's committed offsets, falling back to
 *       earliest for partitions without one) or {@code timestamp:<epoch ms>}.
 *   <li>{@code properties}: Kafka client properties passed through to consumer and producer, e.g.
 *       {@code security.protocol}, {@code sasl.mechanism}, {@code isolation.level}. A value of a property
 *       known to the Kafka consumer or producer is checked against Kafka's own type and validator; a
 *       key that no Kafka client nor the Flink Kafka source defines is rejected.
 *       Properties the connectors own ({@link #MANAGED_PROPERTIES}) are rejected.
 * </ul>
 *
 * @throws IllegalArgumentException from every constructor and {@code with*} method on an invalid value,
 *     with a message naming the option
 */
public final class KafkaOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_GROUP_ID = "flink-drift";
    public static final String DEFAULT_STARTING_OFFSETS = "earliest";

    /** Client properties set through dedicated options or by the connectors themselves. */
    public static final Set<String> MANAGED_PROPERTIES = Set.of(
            "bootstrap.servers", "group.id", "transactional.id",
            "key.serializer", "value.serializer", "key.deserializer", "value.deserializer");

    private static final String TIMESTAMP_PREFIX = "timestamp:";

    /**
     * Every property a pass-through may name: the Kafka clients' own definitions and the Flink Kafka
     * source's options. A misspelt key (say {@code securty.protocol}) would otherwise be ignored by
     * the clients, and the setting it was meant for silently not applied.
     */
    private static final Set<String> KNOWN_PROPERTIES = knownProperties();

    private final String bootstrapServers;
    private final String topic;
    private final String groupId;
    private final String startingOffsets;
    private final Map<String, String> properties;

    /** Options with the default group id, {@code earliest} starting offsets and no extra properties. */
    public KafkaOptions(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, DEFAULT_GROUP_ID, DEFAULT_STARTING_OFFSETS, Map.of());
    }

    private KafkaOptions(
            String bootstrapServers,
            String topic,
            String groupId,
            String startingOffsets,
            Map<String, String> properties) {
        this.bootstrapServers = requireNonBlank("bootstrapServers", bootstrapServers);
        this.topic = requireNonBlank("topic", topic);
        this.groupId = requireNonBlank("groupId", groupId);
        this.startingOffsets = startingOffsets;
        parseStartingOffsets(startingOffsets);
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(checkProperties(properties)));
    }

    public KafkaOptions withGroupId(String groupId) {
        return new KafkaOptions(bootstrapServers, topic, groupId, startingOffsets, properties);
    }

    /**
     * @param startingOffsets {@code earliest}, {@code latest}, {@code committed} or
     *     {@code timestamp:<ms>}
     */
    public KafkaOptions withStartingOffsets(String startingOffsets) {
        return new KafkaOptions(bootstrapServers, topic, groupId, startingOffsets, properties);
    }

    /** Adds (or replaces) client properties; see the class documentation for what is accepted. */
    public KafkaOptions withProperties(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(properties);
        merged.putAll(Objects.requireNonNull(more, "properties"));
        return new KafkaOptions(bootstrapServers, topic, groupId, startingOffsets, merged);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String topic() {
        return topic;
    }

    public String groupId() {
        return groupId;
    }

    public String startingOffsets() {
        return startingOffsets;
    }

    /** The pass-through client properties, unmodifiable, in insertion order. */
    public Map<String, String> properties() {
        return properties;
    }

    /** The pass-through properties plus {@code bootstrap.servers}, for a Kafka client. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.putAll(properties);
        props.setProperty("bootstrap.servers", bootstrapServers);
        return props;
    }

    /** The source's offsets initializer for {@link #startingOffsets()}. */
    public OffsetsInitializer startingOffsetsInitializer() {
        return parseStartingOffsets(startingOffsets);
    }

    private static OffsetsInitializer parseStartingOffsets(String spec) {
        if (spec != null) {
            switch (spec) {
                case "earliest":
                    return OffsetsInitializer.earliest();
                case "latest":
                    return OffsetsInitializer.latest();
                case "committed":
                    return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
                default:
                    if (spec.startsWith(TIMESTAMP_PREFIX)) {
                        return OffsetsInitializer.timestamp(parseTimestamp(spec));
                    }
            }
        }
        throw new IllegalArgumentException(
                "startingOffsets must be earliest, latest, committed or timestamp:<epoch ms>, got '"
                        + spec + "'");
    }

    private static long parseTimestamp(String spec) {
        String millis = spec.substring(TIMESTAMP_PREFIX.length());
        try {
            long timestamp = Long.parseLong(millis);
            if (timestamp >= 0) {
                return timestamp;
            }
        } catch (NumberFormatException e) {
            // reported below with the whole option
        }
        throw new IllegalArgumentException(
                "startingOffsets timestamp must be a non-negative epoch millisecond count, got '"
                        + spec + "'");
    }

    private static Map<String, String> checkProperties(Map<String, String> properties) {
        for (Map.Entry<String, String> property : properties.entrySet()) {
            String key = property.getKey();
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException(
                        "Kafka property names must be non-blank, got '" + key + "'");
            }
            if (MANAGED_PROPERTIES.contains(key)) {
                throw new IllegalArgumentException("Kafka property " + key
                        + " is set by flink-drift (use the bootstrapServers/groupId options or the sink's "
                        + "transactional id prefix); remove it from the pass-through properties");
            }
            if (property.getValue() == null) {
                throw new IllegalArgumentException("Kafka property " + key + " has no value");
            }
            if (!KNOWN_PROPERTIES.contains(key)) {
                throw new IllegalArgumentException("Unknown Kafka property " + key
                        + ": not a Kafka consumer, producer or admin client property, nor one of the Flink"
                        + " Kafka source's (check the spelling)");
            }
            checkValue(ConsumerConfig.configDef(), key, property.getValue());
            checkValue(ProducerConfig.configDef(), key, property.getValue());
        }
        return properties;
    }

    private static Set<String> knownProperties() {
        Set<String> known = new HashSet<>();
        known.addAll(ConsumerConfig.configNames());
        known.addAll(ProducerConfig.configNames());
        known.addAll(AdminClientConfig.configNames());
        for (ConfigOption<?> option : List.of(KafkaSourceOptions.CLIENT_ID_PREFIX,
                KafkaSourceOptions.PARTITION_DISCOVERY_INTERVAL_MS, KafkaSourceOptions.REGISTER_KAFKA_CONSUMER_METRICS,
                KafkaSourceOptions.COMMIT_OFFSETS_ON_CHECKPOINT)) {
            known.add(option.key());
        }
        return Set.copyOf(known);
    }

    /** Validates a value the way the Kafka client would when it is constructed, if it knows the key. */
    private static void checkValue(ConfigDef definitions, String key, String value) {
        ConfigDef.ConfigKey definition = definitions.configKeys().get(key);
        if (definition == null) {
            return;
        }
        try {
            Object parsed = ConfigDef.parseType(key, value, definition.type);
            if (definition.validator != null) {
                definition.validator.ensureValid(key, parsed);
            }
        } catch (ConfigException e) {
            throw new IllegalArgumentException(
                    "Invalid Kafka property " + key + "=" + value + ": " + e.getMessage(), e);
        }
    }

    private static String requireNonBlank(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be non-blank, got '" + value + "'");
        }
        return value;
    }

    @Override
    public String toString() {
        return "KafkaOptions{bootstrapServers=" + bootstrapServers + ", topic=" + topic
                + ", groupId=" + groupId
                + ", startingOffsets=" + startingOffsets + ", properties=" + properties.keySet() + '}';
    }
}
