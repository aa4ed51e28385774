package io.flinkdrift.core.ann;

import java.util.Arrays;

/**
 * One inverted list of an {@link IvfPqIndex}: parallel growable arrays of ids, timestamps, PQ codes
 * (codeSize bytes each), raw vectors (d floats each) and a tombstone bit set, plus the running
 * double-precision sum and sum of squared norms of the live raw vectors (for Lazy centroid updates
 * and the list's spread around them). Deleting an entry only sets its tombstone bit and subtracts it
 * from the sums; {@link #compactInto} drops dead entries.
 *
 * <p><b>Segments</b> (residual codes only): the entries form consecutive segments, each coded against
 * its own anchor. The last, <em>open</em> segment, which receives every append, is coded against the
 * list's current anchor (held by the index); the older segments, oldest first, keep the anchors they
 * were opened with ({@link #olderAnchors}) and end at {@link #olderEnds}. A list without older
 * segments is one segment, as every list is without residual codes.
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
    float[] olderAnchors = new float[0]; ///< d floats per older segment, oldest first; never written in place
    int[] olderEnds = new int[0];        ///< end position (exclusive) of every older segment; never written in place

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

    /**
     * A list holding the same entries (sharing their arrays, which only the returned list may change from
     * now on) whose open segment is closed with the anchor {@code anchor[offset..offset+d)} its codes are
     * taken against, and a new, empty one opened; the receiver stays valid for searches of its state.
     */
    InvertedList withSegmentOpened(float[] anchor, int offset) {
        InvertedList next = sharingEntries();
        int older = olderEnds.length;
        next.olderAnchors = Arrays.copyOf(olderAnchors, (older + 1) * dimension);
        System.arraycopy(anchor, offset, next.olderAnchors, older * dimension, dimension);
        next.olderEnds = Arrays.copyOf(olderEnds, older + 1);
        next.olderEnds[older] = size;
        return next;
    }

    /**
     * A list holding the same entries with the codes of the live entries at positions [from, to)
     * replaced by {@code codes[i·codeSize..)} for the i-th of them (dead entries keep their stale codes);
     * the codes array is copied, so the receiver stays valid for searches of its state.
     */
    InvertedList withCodes(int from, int to, byte[] codes) {
        InvertedList next = sharingEntries();
        next.codes = this.codes.clone();
        int i = 0;
        for (int position = from; position < to; position++) {
            if (!isDead(position)) {
                System.arraycopy(codes, i++ * codeSize, next.codes, position * codeSize, codeSize);
            }
        }
        return next;
    }

    /** A list holding the same entries whose oldest segment is merged into the next one (whose anchor it takes). */
    InvertedList withOldestSegmentMerged() {
        InvertedList next = sharingEntries();
        next.olderAnchors = Arrays.copyOfRange(olderAnchors, dimension, olderAnchors.length);
        next.olderEnds = Arrays.copyOfRange(olderEnds, 1, olderEnds.length);
        return next;
    }

    private InvertedList sharingEntries() {
        InvertedList next = new InvertedList(codeSize, dimension, 0);
        next.size = size;
        next.tombstones = tombstones;
        next.ids = ids;
        next.timestamps = timestamps;
        next.codes = codes;
        next.vectors = vectors;
        next.deadBits = deadBits;
        System.arraycopy(sum, 0, next.sum, 0, dimension);
        next.sumOfSquares = sumOfSquares;
        next.olderAnchors = olderAnchors;
        next.olderEnds = olderEnds;
        return next;
    }

    /** Segments, the open one included: at least 1. */
    int segments() {
        return olderEnds.length + 1;
    }

    /** First position of segment {@code segment} (0 = oldest). */
    int segmentStart(int segment) {
        return segment == 0 ? 0 : olderEnds[segment - 1];
    }

    /** End position (exclusive) of segment {@code segment}. */
    int segmentEnd(int segment) {
        return segment == olderEnds.length ? size : olderEnds[segment];
    }

    int liveSize() {
        return size - tombstones;
    }

    boolean isDead(int position) {
        return (deadBits[position >>> 6] & (1L << position)) != 0;
    }

    /** Appends a live entry and returns its position. */
    int append(long id, long timestamp, byte[] code, int codeOffset, float[] vector, int vectorOffset) {
        reserve(size + 1);
        int position = size++;
        store(position, id, timestamp, code, codeOffset, vector, vectorOffset);
        return position;
    }

    /**
     * Appends entries order[from..to) of a batch, in that order, as that many {@link #append} calls
     * would, growing the arrays at most once: entry i has ids[i], timestamps[i], the code at
     * codes[i·codeSize ..) and the vector at vectors[i·d ..).
     */
    void appendAll(int[] order, int from, int to, long[] ids, long[] timestamps, byte[] codes, float[] vectors) {
        reserve(size + to - from);
        for (int k = from; k < to; k++) {
            int i = order[k];
            store(size++, ids[i], timestamps[i], codes, i * codeSize, vectors, i * dimension);
        }
    }

    /** Grows the arrays, by the factor 1.5 per step as appends one at a time do, to hold {@code entries}. */
    private void reserve(int entries) {
        if (entries <= ids.length) {
            return;
        }
        int capacity = ids.length;
        while (capacity < entries) {
            capacity += capacity >>> 1;
        }
        ids = Arrays.copyOf(ids, capacity);
        timestamps = Arrays.copyOf(timestamps, capacity);
        codes = Arrays.copyOf(codes, capacity * codeSize);
        vectors = Arrays.copyOf(vectors, capacity * dimension);
        deadBits = Arrays.copyOf(deadBits, (capacity + 63) >>> 6);
    }

    private void store(int position, long id, long timestamp, byte[] code, int codeOffset, float[] vector,
            int vectorOffset) {
        ids[position] = id;
        timestamps[position] = timestamp;
        System.arraycopy(code, codeOffset, codes, position * codeSize, codeSize);
        System.arraycopy(vector, vectorOffset, vectors, position * dimension, dimension);
        for (int j = 0; j < dimension; j++) {
            double x = vector[vectorOffset + j];
            sum[j] += x;
            sumOfSquares += x * x;
        }
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
        return meanSquaredDistance(sum, 0, sumOfSquares, liveSize(), point, offset, dimension);
    }

    /**
     * The mean squared distance to {@code point[offset..offset+d)} of {@code live} vectors whose sum
     * is {@code sums[sumOffset..sumOffset+d)} and sum of squared norms {@code sumOfSquares}:
     * Σ‖x‖²/n − 2·c·Σx/n + ‖c‖²; 0 for no vector.
     */
    static double meanSquaredDistance(double[] sums, int sumOffset, double sumOfSquares, int live, float[] point,
            int offset, int dimension) {
        if (live == 0) {
            return 0;
        }
        double cross = 0;
        double norm = 0;
        for (int j = 0; j < dimension; j++) {
            double c = point[offset + j];
            cross += c * sums[sumOffset + j];
            norm += c * c;
        }
        return Math.max(0, sumOfSquares / live - 2 * cross / live + norm);
    }

    /** Writes the mean, sum/live in float, of {@code live} vectors whose sum is {@code sums[sumOffset..+d)}. */
    static void meanInto(double[] sums, int sumOffset, int live, float[] target, int offset, int dimension) {
        for (int j = 0; j < dimension; j++) {
            target[offset + j] = (float) (sums[sumOffset + j] / live);
        }
    }

    /**
     * Removes the tombstones in place, records the new positions of moved entries in
     * {@code locations} (as {@link IvfPqIndex#location} values for list {@code listNo}), moves the
     * segment ends with them (a segment left empty stays, as its anchor is part of the list's
     * history), and recomputes the sums from the live vectors so float round-off from deletes does not
     * accumulate.
     */
    void compactInto(LongLongMap locations, int listNo) {
        int live = 0;
        Arrays.fill(sum, 0);
        sumOfSquares = 0;
        int[] ends = olderEnds.clone();
        int segment = 0;
        for (int position = 0; position < size; position++) {
            while (segment < ends.length && position == olderEnds[segment]) {
                ends[segment++] = live;
            }
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
        while (segment < ends.length) {
            ends[segment++] = live;
        }
        olderEnds = ends;
        size = live;
        tombstones = 0;
        Arrays.fill(deadBits, 0);
    }
}
