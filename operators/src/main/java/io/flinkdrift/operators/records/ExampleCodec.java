package io.flinkdrift.operators.records;

import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.records.Example;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Format of an {@link Example} in keyed state. Version 1: id (long), key (string), timestamp
 * (long), features (double array), label (double), concept (int), classes (string array); strings
 * and arrays as {@link RecordFields} writes them, so null ones round-trip.
 */
public final class ExampleCodec implements StateCodec<Example> {

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(Example value, DataOutput out) throws IOException {
        out.writeLong(value.id);
        RecordFields.writeString(value.key, out);
        out.writeLong(value.timestamp);
        RecordFields.writeDoubles(value.features, out);
        out.writeDouble(value.label);
        out.writeInt(value.concept);
        RecordFields.writeStrings(value.classes, out);
    }

    @Override
    public Example read(DataInput in, int version) throws IOException {
        Example example = new Example();
        example.id = in.readLong();
        example.key = RecordFields.readString(in);
        example.timestamp = in.readLong();
        example.features = RecordFields.readDoubles(in);
        example.label = in.readDouble();
        example.concept = in.readInt();
        example.classes = RecordFields.readStrings(in);
        return example;
    }
}
