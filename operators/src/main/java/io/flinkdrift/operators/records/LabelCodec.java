package io.flinkdrift.operators.records;

import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.records.Label;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Format of a {@link Label} in keyed state (a label waiting for its example). Version 1: id (long),
 * key (string as {@link RecordFields} writes it, so null round-trips), timestamp (long), value
 * (double).
 */
public final class LabelCodec implements StateCodec<Label> {

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(Label value, DataOutput out) throws IOException {
        out.writeLong(value.id);
        RecordFields.writeString(value.key, out);
        out.writeLong(value.timestamp);
        out.writeDouble(value.value);
    }

    @Override
    public Label read(DataInput in, int version) throws IOException {
        Label label = new Label();
        label.id = in.readLong();
        label.key = RecordFields.readString(in);
        label.timestamp = in.readLong();
        label.value = in.readDouble();
        return label;
    }
}
