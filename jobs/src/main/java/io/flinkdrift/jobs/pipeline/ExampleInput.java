package io.flinkdrift.jobs.pipeline;

import io.flinkdrift.records.Example;
import io.flinkdrift.records.RejectedRecord;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The examples a job reads and the input it rejected; {@code rejected} is null for sources that
 * cannot produce bad records (the generators).
 */
public final class ExampleInput {

    private final DataStream<Example> examples;
    private final DataStream<RejectedRecord> rejected;

    ExampleInput(DataStream<Example> examples, DataStream<RejectedRecord> rejected) {
        this.examples = examples;
        this.rejected = rejected;
    }

    public DataStream<Example> examples() {
        return examples;
    }

    /** The dead-letter stream, or null when the source cannot reject input. */
    public DataStream<RejectedRecord> rejected() {
        return rejected;
    }
}
