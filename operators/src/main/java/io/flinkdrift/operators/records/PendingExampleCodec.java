package io.flinkdrift.operators.records;

import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.operators.learning.PendingExample;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Format of a {@link PendingExample}. Version 1: the example ({@link ExampleCodec}) and then the
 * prediction made on its arrival ({@link PredictionCodec}), each nested with its own format
 * version, null ones too (as {@link RecordFields} writes them).
 */
public final class PendingExampleCodec implements StateCodec<PendingExample> {

    private static final ExampleCodec EXAMPLE = new ExampleCodec();
    private static final PredictionCodec PREDICTION = new PredictionCodec();

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(PendingExample value, DataOutput out) throws IOException {
        RecordFields.writeNested(EXAMPLE, value.example, out);
        RecordFields.writeNested(PREDICTION, value.prediction, out);
    }

    @Override
    public PendingExample read(DataInput in, int version) throws IOException {
        return new PendingExample(RecordFields.readNested(EXAMPLE, in), RecordFields.readNested(PREDICTION, in));
    }
}
