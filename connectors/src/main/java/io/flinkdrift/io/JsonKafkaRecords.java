package io.flinkdrift.io;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes each record as one JSON line value, without key and without a record timestamp, so the
 * broker stamps it at append time. (Flink's default would stamp the record's event time, and a
 * stream whose event time is a row number would be dated 1970 and deleted by the topic's time
 * retention within minutes.)
 */
final class JsonKafkaRecords<T> implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final JsonLines<T> json = JsonLines.encoder();

    JsonKafkaRecords(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, null, null, json.serialize(element));
    }
}
