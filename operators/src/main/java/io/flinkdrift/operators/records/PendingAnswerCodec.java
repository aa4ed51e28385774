package io.flinkdrift.operators.records;

import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.operators.conformal.PendingAnswer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Format of a {@link PendingAnswer}. Version 1: the answer ({@link ConformalPredictionCodec},
 * nested with its own format version), then the features (double array); null ones too, as {@link
 * RecordFields} writes them.
 */
public final class PendingAnswerCodec implements StateCodec<PendingAnswer> {

    private static final ConformalPredictionCodec ANSWER = new ConformalPredictionCodec();

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(PendingAnswer value, DataOutput out) throws IOException {
        RecordFields.writeNested(ANSWER, value.answer, out);
        RecordFields.writeDoubles(value.features, out);
    }

    @Override
    public PendingAnswer read(DataInput in, int version) throws IOException {
        return new PendingAnswer(RecordFields.readNested(ANSWER, in), RecordFields.readDoubles(in));
    }
}
