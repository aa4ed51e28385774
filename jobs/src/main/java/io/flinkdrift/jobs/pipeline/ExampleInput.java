package io.flinkdrift.jobs.pipeline;

import io.flinkdrift.records.Example;
import io.flinkdrift.records.RejectedRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;

/**
 * The examples a job reads and the input it rejected; {@code rejected} is null for sources that
 * cannot produce bad records (the generators).
 */
public final class ExampleInput {

    private final DataStream<Example> examples;
    private final DataStream<RejectedRecord> rejected;
    private final boolean partitionedByKey;

    /**
     * @param partitionedByKey whether each subtask of {@code examples} emits exactly the keys that a
     *     {@code keyBy} on {@link Example#key} would route to the same subtask downstream
     */
    ExampleInput(DataStream<Example> examples, DataStream<RejectedRecord> rejected, boolean partitionedByKey) {
        this.examples = examples;
        this.rejected = rejected;
        this.partitionedByKey = partitionedByKey;
    }

    public DataStream<Example> examples() {
        return examples;
    }

    /**
     * The examples keyed by {@link Example#key}, for operators at the input's parallelism: a generator's
     * stream, whose readers already emit each key in the subtask that owns it, is reinterpreted as keyed
     * (no shuffle, so source and keyed operators chain into one thread per subtask and records are not
     * serialized); files and Kafka topics are shuffled by a {@code keyBy}.
     */
    public KeyedStream<Example, String> byKey() {
        KeySelector<Example, String> key = example -> example.key;
        return partitionedByKey
                ? DataStreamUtils.reinterpretAsKeyedStream(examples, key, Types.STRING)
                : examples.keyBy(key, Types.STRING);
    }

    /** The dead-letter stream, or null when the source cannot reject input. */
    public DataStream<RejectedRecord> rejected() {
        return rejected;
    }
}
