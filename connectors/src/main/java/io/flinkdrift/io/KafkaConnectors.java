package io.flinkdrift.io;

import io.flinkdrift.records.TextLine;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;

import javax.annotation.Nullable;

import java.util.Properties;

/** Kafka sources of raw text lines and Kafka sinks of JSON lines. */
public final class KafkaConnectors {

    /** {@code transaction.timeout.ms} used for exactly-once unless set: below the broker's 15 min cap. */
    public static final String DEFAULT_TRANSACTION_TIMEOUT_MS = "60000";

    private KafkaConnectors() {}

    /**
     * A continuous source of the topic's records as {@link TextLine}s (origin {@code topic-partition},
     * position = offset, sourceTimestamp = record timestamp, text = UTF-8 value cut to
     * {@code maxLineBytes} with {@code oversized} set when longer). Offsets are committed to the group
     * on checkpoints; on restore the checkpointed offsets win over {@code startingOffsets}.
     *
     * @throws IllegalArgumentException if {@code maxLineBytes} is out of range (see
     *     {@link BoundedLineFormat#BoundedLineFormat(int)})
     */
    public static KafkaSource<TextLine> lineSource(KafkaOptions options, int maxLineBytes) {
        return lineSourceBuilder(options, maxLineBytes).build();
    }

    /**
     * The builder behind {@link #lineSource}, for further settings such as
     * {@code setBounded(OffsetsInitializer.latest())} to stop at the offsets current at start.
     */
    public static KafkaSourceBuilder<TextLine> lineSourceBuilder(KafkaOptions options, int maxLineBytes) {
        return KafkaSource.<TextLine>builder()
                .setProperties(options.clientProperties())
                .setBootstrapServers(options.bootstrapServers())
                .setTopics(options.topic())
                .setGroupId(options.groupId())
                .setStartingOffsets(options.startingOffsetsInitializer())
                .setDeserializer(new KafkaLineDeserializer(maxLineBytes));
    }

    /**
     * A sink writing each record as one JSON line ({@link JsonLines}) into the options' topic, without
     * key and without a record timestamp (the broker stamps the append time, so topic retention
     * counts from when records were written, whatever their event time). With {@link DeliveryGuarantee#EXACTLY_ONCE} records are written in Kafka transactions
     * committed on checkpoints (so checkpointing must be enabled and readers should use
     * {@code isolation.level=read_committed}); {@code transaction.timeout.ms} defaults to
     * {@value #DEFAULT_TRANSACTION_TIMEOUT_MS} unless given in the options' properties.
     *
     * @param transactionalIdPrefix prefix of the transactional ids, unique per job writing to a cluster;
     *     required (non-blank) for exactly-once, ignored otherwise
     * @throws IllegalArgumentException if exactly-once is requested without a prefix
     */
    public static <T> KafkaSink<T> jsonSink(
            KafkaOptions options, DeliveryGuarantee guarantee, @Nullable String transactionalIdPrefix) {
        KafkaSinkBuilder<T> builder = KafkaSink.<T>builder()
                .setBootstrapServers(options.bootstrapServers())
                .setDeliveryGuarantee(guarantee)
                .setRecordSerializer(new JsonKafkaRecords<T>(options.topic()));
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            if (transactionalIdPrefix == null || transactionalIdPrefix.isBlank()) {
                throw new IllegalArgumentException(
                        "transactionalIdPrefix must be non-blank for an EXACTLY_ONCE Kafka sink");
            }
            builder.setTransactionalIdPrefix(transactionalIdPrefix);
        }
        return builder.setKafkaProducerConfig(producerProperties(options, guarantee)).build();
    }

    /** The sink's producer configuration: pass-through properties and the transaction timeout. */
    static Properties producerProperties(KafkaOptions options, DeliveryGuarantee guarantee) {
        Properties producer = options.clientProperties();
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            producer.putIfAbsent("transaction.timeout.ms", DEFAULT_TRANSACTION_TIMEOUT_MS);
        }
        return producer;
    }
}
