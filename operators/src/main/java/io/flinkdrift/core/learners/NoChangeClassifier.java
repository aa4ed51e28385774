package io.flinkdrift.core.learners;

import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Predicts the label it saw last: the "no-change" baseline of stream classification, strong on
 * autocorrelated streams (85.3% prequential accuracy on Elec2, the number every drift-aware learner
 * is first compared with). Probabilities are one-hot on the last label.
 */
public final class NoChangeClassifier implements OnlineClassifier {

    private int lastLabel = -1;
    private int numClasses;
    private long version;

    @Override
    public double[] predictProbabilities(double[] features) {
        double[] probabilities = new double[numClasses];
        if (lastLabel >= 0) {
            probabilities[lastLabel] = 1.0;
        }
        return probabilities;
    }

    @Override
    public void learn(double[] features, int classIndex) {
        Learners.checkClassIndex(classIndex);
        lastLabel = classIndex;
        numClasses = Math.max(numClasses, classIndex + 1);
        version++;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public long version() {
        return version;
    }

    /** Format 1: lastLabel, numClasses, version. */
    public static final class Codec implements StateCodec<NoChangeClassifier> {

        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(NoChangeClassifier value, DataOutput out) throws IOException {
            out.writeInt(value.lastLabel);
            out.writeInt(value.numClasses);
            out.writeLong(value.version);
        }

        @Override
        public NoChangeClassifier read(DataInput in, int version) throws IOException {
            NoChangeClassifier classifier = new NoChangeClassifier();
            classifier.lastLabel = in.readInt();
            classifier.numClasses = in.readInt();
            classifier.version = in.readLong();
            return classifier;
        }
    }
}
