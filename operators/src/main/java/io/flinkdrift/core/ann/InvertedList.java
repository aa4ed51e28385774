package io.flinkdrift.core.ann;

import java.util.Arrays;

/**
 * One inverted list of an {@link IvfPqIndex}: parallel growable arrays of ids, timestamps, PQ codes
 * (codeSize bytes each), raw vectors (d floats each) and a tombstone bit set, plus the running
 * double-precision sum and sum of squared norms of the live raw vectors (for Lazy centroid updates
 * and the list's spread around them). Deleting an entry only sets its tombstone bit and subtracts it
 * from the sums; {@link #compactInto} drops dead entries.
 */
final class InvertedList {

    final int codeSize;
    final int dimension;
    int size;            ///< entries stored, live and dead
    int tombstones;      ///< dead entries
    long[] ids;
    long[] timestamps;
    byte[] codes;        ///< codeSize bytes per entry
    float[] vectors;     ///< dimension floats per entry
    long[] deadBits;     ///< bit i set when entry i is a tombstone
    final double[] sum;  ///< Σ of the live raw vectors
    double sumOfSquares; ///< Σ ‖x‖² of the live raw vectors

    InvertedList(int codeSize, int dimension, int capacity) {
        this.codeSize = codeSize;
        this.dimension = dimension;
        int c = Math.max(capacity, 4);
        ids = new long[c];
        timestamps = new long[c];
        codes = new byte[c * codeSize];
        vectors = new float[c * dimension];
        deadBits = new long[(c + 63) >>> 6];
        sum = new double[dimension];
    }

    int liveSize() {
        return size - tombstones;
    }

    boolean isDead(int position) {
        return (deadBits[position >>> 6] & (1L << position)) != 0;
    }

    /** Appends a live entry and returns its position. */
    int append(long id, long timestamp, byte[] code, int codeOffset, float[] vector, int vectorOffset) {
        if (size == ids.length) {
            int capacity = ids.length + (ids.length >>> 1);
            ids = Arrays.copyOf(ids, capacity);
            timestamps = Arrays.copyOf(timestamps, capacity);
            codes = Arrays.copyOf(codes, capacity * codeSize);
            vectors = Arrays.copyOf(vectors, capacity * dimension);
            deadBits = Arrays.copyOf(deadBits, (capacity + 63) >>> 6);
        }
        int position = size++;
        ids[position] = id;
        timestamps[position] = timestamp;
        System.arraycopy(code, codeOffset, codes, position * codeSize, codeSize);
        System.arraycopy(vector, vectorOffset, vectors, position * dimension, dimension);
        for (int j = 0; j < dimension; j++) {
            double x = vector[vectorOffset + j];
            sum[j] += x;
            sumOfSquares += x * x;
        }
        return position;
    }

    /** Marks a live entry dead and removes it from the running sums. */
    void markDead(int position) {
        deadBits[position >>> 6] |= 1L << position;
        tombstones++;
        int base = position * dimension;
        for (int j = 0; j < dimension; j++) {
            double x = vectors[base + j];
            sum[j] -= x;
            sumOfSquares -= x * x;
        }
    }

    /**
     * The mean squared distance of the live vectors to {@code point[offset..offset+d)}, from the
     * running sums: Σ‖x‖²/n − 2·c·Σx/n + ‖c‖²; 0 for an empty list.
     */
    double meanSquaredDistanceTo(float[] point, int offset) {
        int live = liveSize();
        if (live == 0) {
            return 0;
        }
        double cross = 0;
        double norm = 0;
        for (int j = 0; j < dimension; j++) {
            double c = point[offset + j];
            cross += c * sum[j];
            norm += c * c;
        }
        return Math.max(0, sumOfSquares / live - 2 * cross / live + norm);
    }

    /**
     * Removes the tombstones in place, records the new positions of moved entries in
     * {@code locations} (as {@link IvfPqIndex#location} values for list {@code listNo}), and
     * recomputes the sums from the live vectors so float round-off from deletes does not accumulate.
     */
    void compactInto(LongLongMap locations, int listNo) {
        int live = 0;
        Arrays.fill(sum, 0);
        sumOfSquares = 0;
        for (int position = 0; position < size; position++) {
            if (isDead(position)) {
                continue;
            }
            if (live != position) {
                ids[live] = ids[position];
                timestamps[live] = timestamps[position];
                System.arraycopy(codes, position * codeSize, codes, live * codeSize, codeSize);
                System.arraycopy(vectors, position * dimension, vectors, live * dimension, dimension);
                locations.put(ids[live], IvfPqIndex.location(listNo, live));
            }
            for (int j = 0; j < dimension; j++) {
                double x = vectors[live * dimension + j];
                sum[j] += x;
                sumOfSquares += x * x;
            }
            live++;
        }
        size = live;
        tombstones = 0;
        Arrays.fill(deadBits, 0);
    }
}
