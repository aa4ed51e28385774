package io.flinkdrift.records;

import java.util.Objects;

/**
 * A label that arrives separately from (usually later than) its example, joined to the
 * example's prediction by {@link #id}. {@link #key} names the model key of the example, so labels
 * can be routed to the operator that keeps that key's model; it is {@link Example#DEFAULT_KEY}
 * for unkeyed streams. A Flink POJO.
 */
public class Label {

    public long id;

    /** Model key of the labelled example. */
    public String key = Example.DEFAULT_KEY;

    /** Event time at which the label became known, in milliseconds. */
    public long timestamp;

    /** Class index or real target. */
    public double value;

    public Label() {}

    public Label(long id, long timestamp, double value) {
        this.id = id;
        this.timestamp = timestamp;
        this.value = value;
    }

    public Label(long id, String key, long timestamp, double value) {
        this(id, timestamp, value);
        this.key = key;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Label)) {
            return false;
        }
        Label that = (Label) o;
        return id == that.id && timestamp == that.timestamp && Double.compare(value, that.value) == 0
                && Objects.equals(key, that.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, key, timestamp, value);
    }

    @Override
    public String toString() {
        return "Label{id=" + id + ", key='" + key + "', timestamp=" + timestamp + ", value=" + value + '}';
    }
}
