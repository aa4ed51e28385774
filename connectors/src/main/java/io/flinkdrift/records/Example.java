package io.flinkdrift.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import java.util.Objects;

/**
 * One stream element: a feature vector with an optional label, the unit every flink-drift source
 * emits and every learner consumes.
 *
 * <p>A Flink POJO (public fields, public no-argument constructor), so Flink serializes it with its
 * {@code PojoSerializer} and never falls back to Kryo.
 *
 * <ul>
 *   <li>{@link #id}: unique within a stream (row number, Kafka position or generator index); joins
 *       predictions with labels that arrive later.
 *   <li>{@link #key}: the model key; one model is kept per key. Sources without a key column use
 *       {@link #DEFAULT_KEY}.
 *   <li>{@link #timestamp}: event time in milliseconds (or the row number when the input has no time
 *       column).
 *   <li>{@link #label}: a class index ({@code 0..K-1}) or a real target; {@link Double#NaN} when the
 *       example is unlabelled.
 *   <li>{@link #concept}: the ground-truth concept id from a drift generator, {@link
 *       #UNKNOWN_CONCEPT} otherwise.
 *   <li>{@link #classes}: the names of the class indices, for classification input.
 * </ul>
 */
public class Example {

    /** Key of every example whose input names no key column. */
    public static final String DEFAULT_KEY = "";

    /** Concept id of examples that do not come from a generator. */
    public static final int UNKNOWN_CONCEPT = -1;

    /** {@link #classes} of an example that has no class names. */
    public static final String[] NO_CLASSES = new String[0];

    public long id;
    public String key = DEFAULT_KEY;
    public long timestamp;
    public double[] features = new double[0];
    public double label = Double.NaN;
    public int concept = UNKNOWN_CONCEPT;
    /**
     * The class names by index known when the example was read (the input's labels as written),
     * shared by every example read before the next class appears; empty when the source names no
     * classes (regression, generators). Predictions carry it to their output.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public String[] classes = NO_CLASSES;

    public Example() {}

    public Example(long id, String key, long timestamp, double[] features, double label, int concept) {
        this.id = id;
        this.key = key;
        this.timestamp = timestamp;
        this.features = features;
        this.label = label;
        this.concept = concept;
    }

    /** Whether this example carries a label. */
    public boolean labelled() {
        return !Double.isNaN(label);
    }

    /** The label as a class index; only meaningful for a labelled classification example. */
    public int classIndex() {
        return (int) label;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Example)) {
            return false;
        }
        Example that = (Example) o;
        return id == that.id
                && timestamp == that.timestamp
                && Double.compare(label, that.label) == 0
                && concept == that.concept
                && Objects.equals(key, that.key)
                && Arrays.equals(features, that.features)
                && Arrays.equals(classes, that.classes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, key, timestamp, label, concept, Arrays.hashCode(features));
    }

    @Override
    public String toString() {
        return "Example{id=" + id + ", key='" + key + "', timestamp=" + timestamp
                + ", features=" + Arrays.toString(features) + ", label=" + label
                + ", concept=" + concept + '}';
    }
}
