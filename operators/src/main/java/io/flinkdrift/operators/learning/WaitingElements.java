package io.flinkdrift.operators.learning;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The current key's elements that wait for their counterpart (examples for their label, or labels
 * for their example), by id, over a run of the key's elements: kept in a map state with their
 * number in a value state, as {@link DelayedLabelLearningFunction} stores them, and read and
 * written as a run of the key's elements goes. The number is read once per run; additions and
 * removals are buffered and written by {@link #flush}, so an element that arrives and leaves in one
 * run (an example and its label in one bundle) never reaches the state, and a key with nothing
 * stored is not looked up. After {@link #flush} the states hold what writing every step through
 * would have left.
 *
 * @param <V> the waiting element's type
 */
final class WaitingElements<V> {

    private final MapState<Long, V> entries;
    private final ValueState<Integer> count;
    private final Map<Long, V> added = new HashMap<>();
    private final Set<Long> removed = new HashSet<>();
    /** Entries in {@link #entries}, as {@link #count} says; -1 until read in this run. */
    private int stored = -1;
    private int size;

    WaitingElements(MapState<Long, V> entries, ValueState<Integer> count) {
        this.entries = entries;
        this.count = count;
    }

    /** The element waiting under {@code id}, or null. */
    V get(long id) throws Exception {
        V value = added.get(id);
        if (value != null || removed.contains(id) || stored() == 0) {
            return value;
        }
        return entries.get(id);
    }

    /** Whether an element waits under {@code id}. */
    boolean contains(long id) throws Exception {
        return get(id) != null;
    }

    /** How many elements wait. */
    int size() throws Exception {
        stored();
        return size;
    }

    /** Whether the states held nothing when this run read them (or last flushed). */
    boolean noneStored() throws Exception {
        return stored() == 0;
    }

    /** Adds {@code value} under {@code id}, which must not be waiting. */
    void put(long id, V value) throws Exception {
        stored();
        added.put(id, value);
        size++;
    }

    /** Removes the element waiting under {@code id}, which must be waiting. */
    void remove(long id) throws Exception {
        stored();
        if (added.remove(id) == null) {
            removed.add(id);
        }
        size--;
    }

    /** Whether nothing was added or removed since the last flush (or what was cancelled out). */
    boolean unchanged() {
        return added.isEmpty() && removed.isEmpty();
    }

    /** Every waiting element, with its id; flushes first. */
    Iterable<Map.Entry<Long, V>> entries() throws Exception {
        flush();
        return entries.entries();
    }

    /**
     * Writes what this run added and removed, and the number if it changed; the next step reads the
     * number again (it may be another key's). Call with the run's key current.
     */
    void flush() throws Exception {
        if (stored < 0) {
            return;
        }
        for (Long id : removed) {
            if (!added.containsKey(id)) {
                entries.remove(id);
            }
        }
        for (Map.Entry<Long, V> entry : added.entrySet()) {
            entries.put(entry.getKey(), entry.getValue());
        }
        if (size != stored) {
            // A count of zero is cleared, so a key with nothing waiting has no state.
            if (size == 0) {
                count.clear();
            } else {
                count.update(size);
            }
        }
        added.clear();
        removed.clear();
        stored = -1;
    }

    private int stored() throws Exception {
        if (stored < 0) {
            Integer value = count.value();
            stored = value == null ? 0 : value;
            size = stored;
        }
        return stored;
    }
}
