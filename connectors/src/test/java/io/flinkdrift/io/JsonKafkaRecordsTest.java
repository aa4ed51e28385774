package io.flinkdrift.io;

import io.flinkdrift.records.Label;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class JsonKafkaRecordsTest {

    @Test
    void recordsCarryTheJsonValueButNoKeyAndNoEventTimestamp() {
        ProducerRecord<byte[], byte[]> record =
                new JsonKafkaRecords<Label>("out").serialize(new Label(7, 42, 1.0), null, 42L);
        assertEquals("out", record.topic());
        assertNull(record.key());
        assertNull(record.partition());
        assertNull(record.timestamp(), "the broker must stamp the append time, not the event time 42");
        assertEquals("{\"id\":7,\"key\":\"\",\"timestamp\":42,\"value\":1.0}",
                new String(record.value(), StandardCharsets.UTF_8));
    }
}
