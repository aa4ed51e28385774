package io.flinkdrift.operators.records;

import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.operators.conformal.ConformalPrediction;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Format of a {@link ConformalPrediction} in keyed state (an answer waiting for its label).
 * Version 1: the model's prediction as the answer carries it, id (long), key (string), timestamp
 * (long), label (double), positive labels (int array, null when the truth is not multilabel),
 * prediction (double), probabilities (double array), model version (long), classes (string array);
 * then the answer, stream index (long), calibrates (boolean), λ̂, lower, upper (doubles), set (int
 * array), size, weight sum (doubles), infeasible (boolean), loss, running risk (doubles). Strings
 * and arrays as {@link RecordFields} writes them, so null ones round-trip.
 */
public final class ConformalPredictionCodec implements StateCodec<ConformalPrediction> {

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(ConformalPrediction value, DataOutput out) throws IOException {
        out.writeLong(value.id);
        RecordFields.writeString(value.key, out);
        out.writeLong(value.timestamp);
        out.writeDouble(value.label);
        RecordFields.writeInts(value.positiveLabels, out);
        out.writeDouble(value.prediction);
        RecordFields.writeDoubles(value.probabilities, out);
        out.writeLong(value.modelVersion);
        RecordFields.writeStrings(value.classes, out);
        out.writeLong(value.streamIndex);
        out.writeBoolean(value.calibrates);
        out.writeDouble(value.lambda);
        out.writeDouble(value.lower);
        out.writeDouble(value.upper);
        RecordFields.writeInts(value.set, out);
        out.writeDouble(value.size);
        out.writeDouble(value.weightSum);
        out.writeBoolean(value.infeasible);
        out.writeDouble(value.loss);
        out.writeDouble(value.runningRisk);
    }

    @Override
    public ConformalPrediction read(DataInput in, int version) throws IOException {
        ConformalPrediction answer = new ConformalPrediction();
        answer.id = in.readLong();
        answer.key = RecordFields.readString(in);
        answer.timestamp = in.readLong();
        answer.label = in.readDouble();
        answer.positiveLabels = RecordFields.readInts(in);
        answer.prediction = in.readDouble();
        answer.probabilities = RecordFields.readDoubles(in);
        answer.modelVersion = in.readLong();
        answer.classes = RecordFields.readStrings(in);
        answer.streamIndex = in.readLong();
        answer.calibrates = in.readBoolean();
        answer.lambda = in.readDouble();
        answer.lower = in.readDouble();
        answer.upper = in.readDouble();
        answer.set = RecordFields.readInts(in);
        answer.size = in.readDouble();
        answer.weightSum = in.readDouble();
        answer.infeasible = in.readBoolean();
        answer.loss = in.readDouble();
        answer.runningRisk = in.readDouble();
        return answer;
    }
}
