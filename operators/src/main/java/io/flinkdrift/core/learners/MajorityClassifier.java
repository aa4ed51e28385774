package io.flinkdrift.core.learners;

import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Predicts the most frequent label seen so far (ties go to the lower class index). Probabilities
 * are Laplace-smoothed class frequencies, (n_k + 1) / (n + K), so the log-loss stays finite.
 */
public final class MajorityClassifier implements OnlineClassifier {

    private long[] counts = new long[0];
    private long version;

    @Override
    public double[] predictProbabilities(double[] features) {
        int k = counts.length;
        double[] probabilities = new double[k];
        double denominator = version + k;
        for (int c = 0; c < k; c++) {
            probabilities[c] = (counts[c] + 1) / denominator;
        }
        return probabilities;
    }

    @Override
    public void learn(double[] features, int classIndex) {
        Learners.checkClassIndex(classIndex);
        if (classIndex >= counts.length) {
            counts = Arrays.copyOf(counts, classIndex + 1);
        }
        counts[classIndex]++;
        version++;
    }

    @Override
    public int numClasses() {
        return counts.length;
    }

    @Override
    public long version() {
        return version;
    }

    /** Format 1: number of classes, the counts, version. */
    public static final class Codec implements StateCodec<MajorityClassifier> {

        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(MajorityClassifier value, DataOutput out) throws IOException {
            out.writeInt(value.counts.length);
            for (long count : value.counts) {
                out.writeLong(count);
            }
            out.writeLong(value.version);
        }

        @Override
        public MajorityClassifier read(DataInput in, int version) throws IOException {
            MajorityClassifier classifier = new MajorityClassifier();
            classifier.counts = new long[in.readInt()];
            for (int c = 0; c < classifier.counts.length; c++) {
                classifier.counts[c] = in.readLong();
            }
            classifier.version = in.readLong();
            return classifier;
        }
    }
}
