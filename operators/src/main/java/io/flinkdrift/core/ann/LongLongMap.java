package io.flinkdrift.core.ann;

import java.util.Arrays;

/**
 * An open-addressing (linear probing) map from long keys to long values, without boxing. Every
 * long is a valid key; removal uses backward-shift deletion, so there are no tombstones.
 */
final class LongLongMap {

    /** Returned by {@link #get} and {@link #remove} for an absent key. */
    static final long MISSING = Long.MIN_VALUE;

    private long[] keys = new long[16];
    private long[] values = new long[16];
    private boolean[] used = new boolean[16];
    private int size;

    int size() {
        return size;
    }

    long get(long key) {
        int slot = find(key);
        return used[slot] ? values[slot] : MISSING;
    }

    void put(long key, long value) {
        int slot = insertionSlot(key);
        values[slot] = value;
    }

    /** Maps {@code key} to {@code value} and returns true when the key is absent; otherwise changes nothing. */
    boolean putIfAbsent(long key, long value) {
        int before = size;
        int slot = insertionSlot(key);
        if (size == before) {
            return false;
        }
        values[slot] = value;
        return true;
    }

    /** Grows the table once so that {@code entries} keys fit without further growth. */
    void reserve(int entries) {
        int length = keys.length;
        while (2 * entries > length) {
            length *= 2;
        }
        if (length > keys.length) {
            resize(length);
        }
    }

    /** The slot of {@code key}, claimed for it (growing the table) when absent. */
    private int insertionSlot(long key) {
        int slot = find(key);
        if (!used[slot]) {
            if (2 * (size + 1) > keys.length) {
                resize(keys.length * 2);
                slot = find(key);
            }
            used[slot] = true;
            keys[slot] = key;
            size++;
        }
        return slot;
    }

    long remove(long key) {
        int slot = find(key);
        if (!used[slot]) {
            return MISSING;
        }
        long value = values[slot];
        int mask = keys.length - 1;
        int hole = slot;
        int next = (hole + 1) & mask;
        while (used[next]) {
            int home = hash(keys[next]) & mask;
            // move the entry back into the hole unless its home lies cyclically in (hole, next]
            boolean stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!stays) {
                keys[hole] = keys[next];
                values[hole] = values[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        used[hole] = false;
        size--;
        return value;
    }

    void clear() {
        Arrays.fill(used, false);
        size = 0;
    }

    private int find(long key) {
        int mask = keys.length - 1;
        int slot = hash(key) & mask;
        while (used[slot] && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void resize(int length) {
        long[] oldKeys = keys;
        long[] oldValues = values;
        boolean[] oldUsed = used;
        keys = new long[length];
        values = new long[length];
        used = new boolean[length];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldUsed[i]) {
                int slot = find(oldKeys[i]);
                used[slot] = true;
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
