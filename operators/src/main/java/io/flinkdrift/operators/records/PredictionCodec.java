package io.flinkdrift.operators.records;

import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.records.Prediction;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Format of a {@link Prediction} in keyed state. Version 1: id (long), key (string), timestamp
 * (long), label (double), positive labels (int array, null when the truth is not multilabel),
 * prediction (double), probabilities (double array), model version (long), concept (int), classes
 * (string array); strings and arrays as {@link RecordFields} writes them, so null ones round-trip.
 */
public final class PredictionCodec implements StateCodec<Prediction> {

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(Prediction value, DataOutput out) throws IOException {
        out.writeLong(value.id);
        RecordFields.writeString(value.key, out);
        out.writeLong(value.timestamp);
        out.writeDouble(value.label);
        RecordFields.writeInts(value.positiveLabels, out);
        out.writeDouble(value.prediction);
        RecordFields.writeDoubles(value.probabilities, out);
        out.writeLong(value.modelVersion);
        out.writeInt(value.concept);
        RecordFields.writeStrings(value.classes, out);
    }

    @Override
    public Prediction read(DataInput in, int version) throws IOException {
        Prediction prediction = new Prediction();
        prediction.id = in.readLong();
        prediction.key = RecordFields.readString(in);
        prediction.timestamp = in.readLong();
        prediction.label = in.readDouble();
        prediction.positiveLabels = RecordFields.readInts(in);
        prediction.prediction = in.readDouble();
        prediction.probabilities = RecordFields.readDoubles(in);
        prediction.modelVersion = in.readLong();
        prediction.concept = in.readInt();
        prediction.classes = RecordFields.readStrings(in);
        return prediction;
    }
}
