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
        int slot = find(key);
        if (!used[slot]) {
            if (2 * (size + 1) > keys.length) {
                grow();
                slot = find(key);
            }
            used[slot] = true;
            keys[slot] = key;
            size++;
        }
        values[slot] = value;
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

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        boolean[] oldUsed = used;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        used = new boolean[oldKeys.length * 2];
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
