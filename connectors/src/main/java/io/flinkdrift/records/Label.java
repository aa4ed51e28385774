package io.flinkdrift.records;

import java.util.Objects;

/**
 * A label that arrives separately from (usually later than) its example, joined to the
 * example's prediction by {@link #id}. A Flink POJO.
 */
public class Label {

    public long id;

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

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Label)) {
            return false;
        }
        Label that = (Label) o;
        return id == that.id && timestamp == that.timestamp && Double.compare(value, that.value) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, timestamp, value);
    }

    @Override
    public String toString() {
        return "Label{id=" + id + ", timestamp=" + timestamp + ", value=" + value + '}';
    }
}
