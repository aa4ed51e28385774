package io.flinkdrift.core.learners.knn;

import io.flinkdrift.core.learners.InputStandardization;
import io.flinkdrift.core.state.ArrayFormat;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * State format of {@link WindowedKnnClassifier}. Format 1: window W (int), neighbours k (int),
 * standardisation samples B (int), version (long), the standardisation state (nothing when B = 0,
 * else the buffer while pending or the frozen mean and scale), number of classes K (int), number of
 * kept examples n (int), then, if n &gt; 0, the dimension d (int) and the n kept examples, oldest
 * first, each as d doubles (standardised) and its class (int).
 */
public final class WindowedKnnClassifierCodec implements StateCodec<WindowedKnnClassifier> {

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(WindowedKnnClassifier value, DataOutput out) throws IOException {
        out.writeInt(value.window());
        out.writeInt(value.neighbours());
        out.writeInt(value.standardizationSamples());
        out.writeLong(value.version());
        value.standardization().write(out);
        out.writeInt(value.classCount());
        int kept = value.size();
        out.writeInt(kept);
        if (kept > 0) {
            out.writeInt(value.example(0).length);
        }
        for (int age = kept - 1; age >= 0; age--) {
            ArrayFormat.writeDoubles(value.example(age), out);
            out.writeInt(value.label(age));
        }
    }

    @Override
    public WindowedKnnClassifier read(DataInput in, int version) throws IOException {
        if (version != 1) {
            throw new IOException("Unknown kNN state format " + version);
        }
        int window = in.readInt();
        int neighbours = in.readInt();
        int standardizationSamples = in.readInt();
        if (standardizationSamples < 0
                || standardizationSamples > InputStandardization.MAX_SAMPLES) {
            throw new IOException("Corrupt kNN state: B = " + standardizationSamples);
        }
        long modelVersion = in.readLong();
        InputStandardization standardization = InputStandardization.read(standardizationSamples, in);
        WindowedKnnClassifier model;
        try {
            model = new WindowedKnnClassifier(window, neighbours, standardizationSamples, standardization,
                    modelVersion);
        } catch (IllegalArgumentException e) {
            throw new IOException("Corrupt kNN state: " + e.getMessage(), e);
        }
        int classes = in.readInt();
        int kept = in.readInt();
        int dimension = kept > 0 ? in.readInt() : 0;
        if (classes < 0 || kept < 0 || kept > window || (kept > 0 && (dimension < 1 || classes < 1))) {
            throw new IOException("Corrupt kNN state: " + kept + " examples of dimension " + dimension + ", "
                    + classes + " classes, W = " + window);
        }
        for (int i = 0; i < kept; i++) {
            double[] example = ArrayFormat.readDoubles(in, dimension);
            int label = in.readInt();
            if (label < 0 || label >= classes) {
                throw new IOException("Corrupt kNN state: class " + label + " of " + classes);
            }
            model.keep(example, label);
        }
        model.restoreClassCount(classes);
        return model;
    }
}
