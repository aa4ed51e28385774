package io.flinkdrift.jobs.pipeline;

import io.flinkdrift.records.Label;
import io.flinkdrift.records.RejectedRecord;
import org.apache.flink.streaming.api.datastream.DataStream;

/** The labels a job reads from {@code --labels} and the lines it rejected. */
public final class LabelInput {

    private final DataStream<Label> labels;
    private final DataStream<RejectedRecord> rejected;

    LabelInput(DataStream<Label> labels, DataStream<RejectedRecord> rejected) {
        this.labels = labels;
        this.rejected = rejected;
    }

    public DataStream<Label> labels() {
        return labels;
    }

    public DataStream<RejectedRecord> rejected() {
        return rejected;
    }
}
