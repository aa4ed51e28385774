package io.flinkdrift.io;

import io.flinkdrift.records.TextLine;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.Properties;

/** Kafka sources of raw text lines and Kafka sinks of JSON lines. */
public final class KafkaConnectors {

    /**
     * {@code transaction.timeout.ms} used for exactly-once unless set: 15 minutes, the largest timeout a
     * broker accepts by default (its {@code transaction.max.timeout.ms}). The broker aborts a transaction
     * older than this, and a transaction stays open for a checkpoint interval, the checkpoint and, after
     * a failure, the recovery until its commit is retried; so the default is as long as allowed.
     */
    public static final String DEFAULT_TRANSACTION_TIMEOUT_MS = "900000";

    /**
     * What a transaction's timeout must leave beyond the checkpoint interval, for taking the checkpoint
     * and for recovering from a failure before the commit is retried: the default heartbeat timeout
     * (50 s) to notice a lost TaskManager, plus restart and restore.
     */
    public static final Duration RECOVERY_ALLOWANCE = Duration.ofMinutes(2);

    private static final String TRANSACTION_TIMEOUT = "transaction.timeout.ms";

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
     * {@value #DEFAULT_TRANSACTION_TIMEOUT_MS} unless given in the options' properties (see
     * {@link #checkTransactionTimeout} for a checkpoint interval it covers). A commit the broker refuses
     * because it has aborted the transaction fails the job ({@link CommitCheckedKafkaSink}) instead of
     * dropping the transaction's records.
     *
     * @param transactionalIdPrefix prefix of the transactional ids, unique per job writing to a cluster;
     *     required (non-blank) for exactly-once, ignored otherwise
     * @throws IllegalArgumentException if exactly-once is requested without a prefix
     */
    public static <T> Sink<T> jsonSink(
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
        KafkaSink<T> kafka = builder.setKafkaProducerConfig(producerProperties(options, guarantee)).build();
        return new CommitCheckedKafkaSink<>(kafka);
    }

    /**
     * Refuses an exactly-once sink whose transactions could time out before they are committed: the
     * transaction timeout (the options' {@code transaction.timeout.ms}, else
     * {@value #DEFAULT_TRANSACTION_TIMEOUT_MS}) must be at least the checkpoint interval plus
     * {@link #RECOVERY_ALLOWANCE}. A broker refuses timeouts above its {@code transaction.max.timeout.ms}
     * (15 minutes unless raised) when the sink starts, so longer intervals need that raised too.
     *
     * @throws IllegalArgumentException naming both values when the timeout is too short
     */
    public static void checkTransactionTimeout(KafkaOptions options, Duration checkpointInterval) {
        Duration timeout = Duration.ofMillis(Long.parseLong(
                producerProperties(options, DeliveryGuarantee.EXACTLY_ONCE).getProperty(TRANSACTION_TIMEOUT)));
        Duration needed = checkpointInterval.plus(RECOVERY_ALLOWANCE);
        if (timeout.compareTo(needed) < 0) {
            throw new IllegalArgumentException("the Kafka " + TRANSACTION_TIMEOUT + " of " + timeout.toMillis()
                    + " ms cannot cover a checkpoint interval of " + checkpointInterval.toMillis() + " ms plus "
                    + RECOVERY_ALLOWANCE.toMillis() + " ms to checkpoint and recover (the broker would abort "
                    + "transactions before their commit): raise " + TRANSACTION_TIMEOUT + " to at least "
                    + needed.toMillis() + " ms (the broker's transaction.max.timeout.ms must allow it) or "
                    + "shorten the checkpoint interval");
        }
    }

    /** The sink's producer configuration: pass-through properties and the transaction timeout. */
    static Properties producerProperties(KafkaOptions options, DeliveryGuarantee guarantee) {
        Properties producer = options.clientProperties();
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            producer.putIfAbsent(TRANSACTION_TIMEOUT, DEFAULT_TRANSACTION_TIMEOUT_MS);
        }
        return producer;
    }
}
