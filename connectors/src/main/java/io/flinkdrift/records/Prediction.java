package io.flinkdrift.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import java.util.Objects;

/**
 * A model's output for one {@link Example}, made before the model trained on it (prequential
 * order).
 *
 * <p>A Flink POJO. For classification {@link #prediction} is the predicted class index and {@link
 * #probabilities} has one entry per class known to the model at prediction time (classes the model
 * has not seen yet have probability 0), and {@link #classes} names the indices; for regression {@link #prediction} is the predicted value
 * and {@link #probabilities} is empty.
 */
public class Prediction {

    public long id;
    public String key = Example.DEFAULT_KEY;
    public long timestamp;

    /**
     * The true label when it was known at prediction time, a class index or a real target; {@link
     * Double#NaN} otherwise, and for a multilabel truth (see {@link #positiveLabels}).
     */
    public double label = Double.NaN;

    /**
     * A multilabel truth: the indices of the positive labels (positions of {@link #probabilities},
     * the per-label scores), ascending; null when the truth is not multilabel or not known.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public int[] positiveLabels;

    public double prediction = Double.NaN;
    public double[] probabilities = new double[0];

    /** Number of updates the model had received when it made this prediction. */
    public long modelVersion;

    /** Ground-truth concept id carried over from the example. */
    public int concept = Example.UNKNOWN_CONCEPT;

    /**
     * The names of the class indices ({@link #prediction}, {@link #label} and the positions of
     * {@link #probabilities}) as the example's input wrote them: {@link Example#classes}.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public String[] classes = Example.NO_CLASSES;

    public Prediction() {}

    public Prediction(Example example, double prediction, double[] probabilities, long modelVersion) {
        this.id = example.id;
        this.key = example.key;
        this.timestamp = example.timestamp;
        this.label = example.label;
        this.concept = example.concept;
        this.classes = example.classes;
        this.prediction = prediction;
        this.probabilities = probabilities;
        this.modelVersion = modelVersion;
    }

    /** Whether the truth is attached: a {@link #label} or the {@link #positiveLabels}. */
    public boolean labelled() {
        return !Double.isNaN(label) || positiveLabels != null;
    }

    /**
     * A copy carrying {@code label} and the {@link #positiveLabels} of this one (this one is not
     * mutated; the arrays are shared).
     */
    public Prediction withLabel(double label) {
        Prediction copy = new Prediction();
        copy.id = id;
        copy.key = key;
        copy.timestamp = timestamp;
        copy.label = label;
        copy.positiveLabels = positiveLabels;
        copy.prediction = prediction;
        copy.probabilities = probabilities;
        copy.modelVersion = modelVersion;
        copy.concept = concept;
        copy.classes = classes;
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Prediction)) {
            return false;
        }
        Prediction that = (Prediction) o;
        return id == that.id
                && timestamp == that.timestamp
                && Double.compare(label, that.label) == 0
                && Double.compare(prediction, that.prediction) == 0
                && modelVersion == that.modelVersion
                && concept == that.concept
                && Objects.equals(key, that.key)
                && Arrays.equals(probabilities, that.probabilities)
                && Arrays.equals(positiveLabels, that.positiveLabels)
                && Arrays.equals(classes, that.classes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, key, timestamp, label, prediction, modelVersion, concept,
                Arrays.hashCode(probabilities));
    }

    @Override
    public String toString() {
        return "Prediction{id=" + id + ", key='" + key + "', label=" + label + ", prediction="
                + prediction + ", probabilities=" + Arrays.toString(probabilities)
                + ", modelVersion=" + modelVersion + '}';
    }
}
