package io.flinkdrift.io;

import io.flinkdrift.records.TextLine;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a Kafka record into a {@link TextLine}: origin {@code topic-partition}, position the offset,
 * source timestamp the record timestamp, text the UTF-8 value (empty for a null value), truncated to
 * whole characters within {@code maxLineBytes} and flagged oversized when longer. Keys are ignored.
 */
final class KafkaLineDeserializer implements KafkaRecordDeserializationSchema<TextLine> {

    private static final long serialVersionUID = 1L;

    private final int maxLineBytes;

    KafkaLineDeserializer(int maxLineBytes) {
        BoundedLineFormat.checkMaxLineBytes(maxLineBytes);
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<TextLine> out) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        out.collect(new TextLine(
                record.topic() + '-' + record.partition(),
                record.offset(),
                record.timestamp(),
                Utf8Prefix.decode(value, value.length, maxLineBytes),
                value.length > maxLineBytes));
    }

    @Override
    public TypeInformation<TextLine> getProducedType() {
        return TypeInformation.of(TextLine.class);
    }
}
