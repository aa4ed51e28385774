package io.flinkdrift.io;

import io.flinkdrift.records.TextLine;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaOptionsTest {

    private static final KafkaOptions BASE = new KafkaOptions("localhost:9092", "input");

    @Test
    void defaultsAndStartingOffsets() {
        assertEquals("flink-drift", BASE.groupId());
        assertEquals("earliest", BASE.startingOffsets());
        assertEquals(OffsetResetStrategy.EARLIEST,
                BASE.startingOffsetsInitializer().getAutoOffsetResetStrategy());
        assertEquals(OffsetResetStrategy.LATEST,
                BASE.withStartingOffsets("latest").startingOffsetsInitializer().getAutoOffsetResetStrategy());
        assertEquals(OffsetResetStrategy.EARLIEST,
                BASE.withStartingOffsets("committed").startingOffsetsInitializer().getAutoOffsetResetStrategy());
        assertEquals("timestamp:1700000000000",
                BASE.withStartingOffsets("timestamp:1700000000000").startingOffsets());
    }

    @Test
    void rejectsInvalidOptionsNamingThem() {
        assertMessage("bootstrapServers", () -> new KafkaOptions(" ", "t"));
        assertMessage("topic", () -> new KafkaOptions("h:1", null));
        assertMessage("groupId", () -> BASE.withGroupId(""));
        assertMessage("startingOffsets", () -> BASE.withStartingOffsets("yesterday"));
        assertMessage("startingOffsets", () -> BASE.withStartingOffsets("timestamp:-5"));
        assertMessage("startingOffsets", () -> BASE.withStartingOffsets("timestamp:soon"));
    }

    @Test
    void passThroughPropertiesAreValidatedAgainstKafkasOwnDefinitions() {
        assertMessage("security.protocol=PLAIN_TEXT",
                () -> BASE.withProperties(Map.of("security.protocol", "PLAIN_TEXT")));
        assertMessage("request.timeout.ms=soon",
                () -> BASE.withProperties(Map.of("request.timeout.ms", "soon")));
        assertMessage("isolation.level", () -> BASE.withProperties(Map.of("isolation.level", "committed")));
        assertMessage("bootstrap.servers", () -> BASE.withProperties(Map.of("bootstrap.servers", "other:1")));
        assertMessage("transactional.id", () -> BASE.withProperties(Map.of("transactional.id", "x")));
        assertMessage("Unknown Kafka property securty.protocol",
                () -> BASE.withProperties(Map.of("securty.protocol", "SASL_SSL")));
    }

    @Test
    void validPassThroughPropertiesReachConsumerAndProducer() throws Exception {
        KafkaOptions options = BASE
                .withProperties(Map.of("security.protocol", "SASL_SSL", "partition.discovery.interval.ms", "10000"))
                .withProperties(Map.of("transaction.timeout.ms", "120000"));
        KafkaOptions copy = InstantiationUtil.clone(options);

        Properties client = copy.clientProperties();
        assertEquals("SASL_SSL", client.getProperty("security.protocol"));
        assertEquals("10000", client.getProperty("partition.discovery.interval.ms"));
        assertEquals("localhost:9092", client.getProperty("bootstrap.servers"));
        // The user's transaction timeout wins over the exactly-once default.
        assertEquals("120000", KafkaConnectors.producerProperties(copy, DeliveryGuarantee.EXACTLY_ONCE)
                .getProperty("transaction.timeout.ms"));
        assertEquals("900000", KafkaConnectors.producerProperties(BASE, DeliveryGuarantee.EXACTLY_ONCE)
                .getProperty("transaction.timeout.ms"));
        assertNull(KafkaConnectors.producerProperties(BASE, DeliveryGuarantee.AT_LEAST_ONCE)
                .getProperty("transaction.timeout.ms"));
    }

    @Test
    void exactlyOnceSinkNeedsATransactionalIdPrefix() {
        assertMessage("transactionalIdPrefix",
                () -> KafkaConnectors.jsonSink(BASE, DeliveryGuarantee.EXACTLY_ONCE, " "));
        KafkaConnectors.jsonSink(BASE, DeliveryGuarantee.AT_LEAST_ONCE, null);
    }

    @Test
    void kafkaRecordsBecomeTextLinesCutToWholeCharacters() throws Exception {
        KafkaLineDeserializer deserializer = new KafkaLineDeserializer(4);
        List<TextLine> out = new ArrayList<>();
        Collector<TextLine> collector = new Collector<>() {
            @Override
            public void collect(TextLine record) {
                out.add(record);
            }

            @Override
            public void close() {}
        };
        deserializer.deserialize(record("in", 3, 17, "abc"), collector);
        deserializer.deserialize(record("in", 0, 18, "ab€d"), collector);
        deserializer.deserialize(new ConsumerRecord<>("in", 1, 19, new byte[0], null), collector);

        assertEquals(List.of(
                        new TextLine("in-3", 17, 1234, "abc", false),
                        new TextLine("in-0", 18, 1234, "ab", true),
                        new TextLine("in-1", 19, ConsumerRecord.NO_TIMESTAMP, "", false)),
                out);
    }

    private static ConsumerRecord<byte[], byte[]> record(
            String topic, int partition, long offset, String value) {
        return new ConsumerRecord<>(topic, partition, offset, 1234L, TimestampType.CREATE_TIME, 0, 0,
                null, value.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Optional.empty());
    }

    private static void assertMessage(String expected, Executable executable) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
