package io.flinkdrift.generators;

import org.apache.flink.api.connector.source.SourceSplit;

import java.io.Serializable;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * A split of a generator's index range that holds every index of some keys, each key at its own
 * position. Key {@code k} of {@code keys} holds the indices {@code k, k + keys, k + 2 keys, ...}, so
 * its position is one number: the next index it emits. The keys of one split need not advance
 * together (after a rescale, a reader may receive keys that other readers had taken to different
 * positions).
 */
public final class KeySplit implements SourceSplit, Serializable {

    private static final long serialVersionUID = 1L;

    private final int[] keys;
    private final long[] next;

    /**
     * @param keys the key indices, distinct and non-negative, at least one
     * @param next for each key, the index it emits next (congruent to the key modulo the generator's keys)
     * @throws IllegalArgumentException for no keys, arrays of different lengths or a negative entry
     */
    public KeySplit(int[] keys, long[] next) {
        if (keys.length == 0 || keys.length != next.length) {
            throw new IllegalArgumentException("a key split needs as many next indices as keys, at least one, got "
                    + keys.length + " keys and " + next.length + " indices");
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] < 0 || next[i] < 0) {
                throw new IllegalArgumentException("negative key " + keys[i] + " or next index " + next[i]);
            }
        }
        this.keys = keys.clone();
        this.next = next.clone();
    }

    /** The number of keys. */
    public int size() {
        return keys.length;
    }

    /** The {@code i}-th key index. */
    public int key(int i) {
        return keys[i];
    }

    /** The next index of the {@code i}-th key. */
    public long next(int i) {
        return next[i];
    }

    @Override
    public String splitId() {
        return "keys-" + keys[0];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeySplit && Arrays.equals(keys, ((KeySplit) other).keys)
                && Arrays.equals(next, ((KeySplit) other).next);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(keys) + Arrays.hashCode(next);
    }

    @Override
    public String toString() {
        return "KeySplit{keys=" + Arrays.toString(keys) + ", next=" + Arrays.toString(next) + '}';
    }

    /** Collects keys and their next indices into a split, in increasing key order. */
    static final class Builder {

        private final TreeMap<Integer, Long> next = new TreeMap<>();

        Builder add(int key, long nextIndex) {
            next.put(key, nextIndex);
            return this;
        }

        boolean isEmpty() {
            return next.isEmpty();
        }

        /** @throws IllegalArgumentException when no key was added */
        KeySplit build() {
            return new KeySplit(next.keySet().stream().mapToInt(Integer::intValue).toArray(),
                    next.values().stream().mapToLong(Long::longValue).toArray());
        }
    }
}
