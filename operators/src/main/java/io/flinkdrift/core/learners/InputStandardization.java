package io.flinkdrift.core.learners;

import io.flinkdrift.core.state.ArrayFormat;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The optional input standardisation of a classifier that learns on standardised features (B
 * standardisation samples): the first B labelled examples are buffered, a {@link
 * FrozenStandardizer} is fitted on them and frozen, and the caller replays them in order through
 * its model. Frozen rather than running, because moving the features under an already-fitted
 * model (a Kalman posterior, a passive-aggressive weight vector) would invalidate it. With B = 0
 * the features pass through unchanged (no copy), so every exactness property of the model holds as
 * without this class.
 *
 * <p>State: while pending, at most B buffered rows (bounded); afterwards the mean and scale. Not
 * thread-safe.
 */
public final class InputStandardization {

    /** The largest number of standardisation samples B a learner takes. */
    public static final int MAX_SAMPLES = 100_000;

    private final int samples;
    private double[][] bufferedFeatures;
    private int[] bufferedClasses;
    private int bufferedCount;
    private int bufferedClassCount;
    private FrozenStandardizer standardizer;
    private double[] standardized = new double[0];

    /** @param samples B &ge; 0, bounded by the caller's configuration; 0 = off */
    public InputStandardization(int samples) {
        this.samples = samples;
        if (samples > 0) {
            bufferedFeatures = new double[samples][];
            bufferedClasses = new int[samples];
        }
    }

    /**
     * {@code samples}, checked as a learner's setting.
     *
     * @throws IllegalArgumentException if {@code samples} is outside [0, {@link #MAX_SAMPLES}]
     */
    public static int checkSamples(int samples) {
        if (samples < 0 || samples > MAX_SAMPLES) {
            throw new IllegalArgumentException("standardizationSamples must be in [0, " + MAX_SAMPLES + "], got "
                    + samples);
        }
        return samples;
    }

    /** Whether examples are still being buffered, i.e. no standardiser is fitted yet. */
    public boolean pending() {
        return bufferedFeatures != null;
    }

    public int bufferedCount() {
        return bufferedCount;
    }

    /** One more than the largest buffered class index; 0 when nothing is buffered. */
    public int bufferedClassCount() {
        return bufferedClassCount;
    }

    /** The prediction while pending: uniform over the classes buffered (empty if none). */
    public double[] uniformOverBufferedClasses() {
        double[] uniform = new double[bufferedClassCount];
        Arrays.fill(uniform, 1.0 / uniform.length);
        return uniform;
    }

    /**
     * While pending, checks that {@code features} (already checked finite and non-empty) has the
     * dimension of the first buffered row.
     *
     * @throws IllegalArgumentException on a different dimension
     */
    public void checkDimension(double[] features) {
        if (pending() && bufferedCount > 0 && features.length != bufferedFeatures[0].length) {
            throw new IllegalArgumentException("features must have dimension " + bufferedFeatures[0].length
                    + " (fixed by the first learned example), got " + features.length);
        }
    }

    /** A learner's update on one standardised example. */
    @FunctionalInterface
    public interface StandardizedUpdate {
        void learn(double[] standardized, int classIndex);
    }

    /**
     * Feeds one checked example to {@code update}: standardised at once when the standardiser is
     * fitted; while pending, {@linkplain #buffer buffered}, and when that fills the buffer, every
     * buffered example standardised in arrival order, after which the buffer is released.
     */
    public void learn(double[] features, int classIndex, StandardizedUpdate update) {
        if (!pending()) {
            update.learn(apply(features), classIndex);
            return;
        }
        if (buffer(features, classIndex)) {
            for (int i = 0; i < bufferedCount; i++) {
                update.learn(apply(bufferedFeatures[i]), bufferedClasses[i]);
            }
            releaseBuffer();
        }
    }

    /**
     * Buffers a copy of one checked example while pending.
     *
     * @return true if the buffer is now full and the standardiser fitted: the caller must then
     *     replay {@link #bufferedFeatures(int)} and {@link #bufferedClass(int)} in order and call
     *     {@link #releaseBuffer()}
     */
    public boolean buffer(double[] features, int classIndex) {
        bufferedFeatures[bufferedCount] = features.clone();
        bufferedClasses[bufferedCount] = classIndex;
        bufferedCount++;
        bufferedClassCount = Math.max(bufferedClassCount, classIndex + 1);
        if (bufferedCount < samples) {
            return false;
        }
        standardizer = FrozenStandardizer.fit(bufferedFeatures, bufferedCount);
        return true;
    }

    /** The i-th buffered feature vector, raw. */
    public double[] bufferedFeatures(int i) {
        return bufferedFeatures[i];
    }

    public int bufferedClass(int i) {
        return bufferedClasses[i];
    }

    /** Drops the replayed buffer; from now on {@link #pending()} is false. */
    public void releaseBuffer() {
        bufferedFeatures = null;
        bufferedClasses = null;
        bufferedCount = 0;
        bufferedClassCount = 0;
    }

    /**
     * The standardised {@code features} in a scratch array valid until the next call, or {@code
     * features} itself when standardisation is off. Not to be called while pending.
     */
    public double[] apply(double[] features) {
        if (standardizer == null) {
            return features;
        }
        if (standardized.length != features.length) {
            standardized = new double[features.length];
        }
        standardizer.apply(features, standardized);
        return standardized;
    }

    /** Writes the buffer while pending, else the fitted mean and scale (nothing when off). */
    public void write(DataOutput out) throws IOException {
        if (samples == 0) {
            return;
        }
        out.writeBoolean(pending());
        if (pending()) {
            out.writeInt(bufferedCount);
            if (bufferedCount > 0) {
                out.writeInt(bufferedFeatures[0].length);
            }
            for (int i = 0; i < bufferedCount; i++) {
                ArrayFormat.writeDoubles(bufferedFeatures[i], out);
                out.writeInt(bufferedClasses[i]);
            }
        } else {
            out.writeInt(standardizer.mean().length);
            ArrayFormat.writeDoubles(standardizer.mean(), out);
            ArrayFormat.writeDoubles(standardizer.scale(), out);
        }
    }

    /** Reads what {@link #write} wrote for the same B. */
    public static InputStandardization read(int samples, DataInput in) throws IOException {
        InputStandardization s = new InputStandardization(samples);
        if (samples == 0) {
            return s;
        }
        if (in.readBoolean()) {
            int count = in.readInt();
            if (count < 0 || count >= samples) {
                throw new IOException("Corrupt standardisation buffer: " + count + " rows, B = " + samples);
            }
            int dimension = count > 0 ? readDimension(in) : 0;
            for (int i = 0; i < count; i++) {
                double[] row = ArrayFormat.readDoubles(in, dimension);
                int classIndex = in.readInt();
                if (classIndex < 0) {
                    throw new IOException("Corrupt standardisation buffer: class " + classIndex);
                }
                s.buffer(row, classIndex);
            }
        } else {
            int dimension = readDimension(in);
            s.releaseBuffer();
            try {
                s.standardizer = new FrozenStandardizer(ArrayFormat.readDoubles(in, dimension),
                        ArrayFormat.readDoubles(in, dimension));
            } catch (IllegalArgumentException e) {
                throw new IOException("Corrupt standardiser: " + e.getMessage(), e);
            }
        }
        return s;
    }

    private static int readDimension(DataInput in) throws IOException {
        int dimension = in.readInt();
        if (dimension < 1) {
            throw new IOException("Corrupt standardisation state: dimension " + dimension);
        }
        return dimension;
    }
}
