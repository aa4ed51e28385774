package io.flinkdrift.core.ann;

import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Exact brute-force k-nearest-neighbour search under squared L2 (Faiss {@code IndexFlatL2}), the
 * reference for recall measurements. Vectors are kept in one growable row-major float array with
 * their ids and timestamps; a removal moves the last vector into the hole. {@link #expireBefore(long)}
 * applies the same time-to-live as {@link IvfPqIndex#expireBefore(long)}. Not thread-safe.
 */
public final class FlatIndex {

    private final int dimension;
    private final LongLongMap positions = new LongLongMap();
    private long[] ids = new long[16];
    private long[] timestamps = new long[16];
    private float[] vectors;
    private int size;

    /**
     * @param dimension d, at least 1
     * @throws IllegalArgumentException if dimension &lt; 1
     */
    public FlatIndex(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + dimension);
        }
        this.dimension = dimension;
        this.vectors = new float[16 * dimension];
    }

    /**
     * Adds (or replaces) the vector of {@code id} without a time: it never expires.
     *
     * @throws IllegalArgumentException if the vector does not have d finite values
     */
    public void add(long id, float[] vector) {
        add(id, vector, Long.MAX_VALUE);
    }

    /**
     * Adds (or replaces) the vector of {@code id}.
     *
     * @param timestamp the vector's time, compared by {@link #expireBefore(long)}
     * @throws IllegalArgumentException if the vector does not have d finite values
     */
    public void add(long id, float[] vector, long timestamp) {
        Distances.checkVector("vector", vector, dimension);
        long existing = positions.get(id);
        int position;
        if (existing != LongLongMap.MISSING) {
            position = (int) existing;
        } else {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                timestamps = Arrays.copyOf(timestamps, size * 2);
                vectors = Arrays.copyOf(vectors, size * 2 * dimension);
            }
            position = size++;
            ids[position] = id;
            positions.put(id, position);
        }
        timestamps[position] = timestamp;
        System.arraycopy(vector, 0, vectors, position * dimension, dimension);
    }

    /** Removes {@code id}; returns false when it is absent. */
    public boolean remove(long id) {
        long removed = positions.remove(id);
        if (removed == LongLongMap.MISSING) {
            return false;
        }
        int hole = (int) removed;
        int last = --size;
        if (hole != last) {
            ids[hole] = ids[last];
            timestamps[hole] = timestamps[last];
            System.arraycopy(vectors, last * dimension, vectors, hole * dimension, dimension);
            positions.put(ids[hole], hole);
        }
        return true;
    }

    /** Removes every vector whose timestamp is &lt; {@code cutoff}; returns how many were removed. */
    public int expireBefore(long cutoff) {
        int removed = 0;
        int position = 0;
        while (position < size) {
            if (timestamps[position] < cutoff) {
                remove(ids[position]);  // the last vector moves here and is examined next
                removed++;
            } else {
                position++;
            }
        }
        return removed;
    }

    /**
     * The exact k nearest stored vectors to {@code query}, nearest first, ties by ascending id.
     *
     * @throws IllegalArgumentException if k &lt; 1 or the query does not have d finite values
     */
    public SearchResult search(float[] query, int k) {
        Distances.checkVector("query", query, dimension);
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        TopK best = new TopK(k);
        for (int i = 0; i < size; i++) {
            best.offer(Distances.squaredL2(query, 0, vectors, i * dimension, dimension), ids[i]);
        }
        return best.drainSorted(size);
    }

    /** Number of stored vectors. */
    public int size() {
        return size;
    }

    /** Dimension d. */
    public int dimension() {
        return dimension;
    }

    /**
     * Format 2: dimension, size, then per vector its id, timestamp and d floats. Format 1 (no
     * timestamps) is read with every vector never expiring.
     */
    public static final class Codec implements StateCodec<FlatIndex> {

        @Override
        public int version() {
            return 2;
        }

        @Override
        public void write(FlatIndex value, DataOutput out) throws IOException {
            out.writeInt(value.dimension);
            out.writeInt(value.size);
            for (int i = 0; i < value.size; i++) {
                out.writeLong(value.ids[i]);
                out.writeLong(value.timestamps[i]);
                for (int j = 0; j < value.dimension; j++) {
                    out.writeFloat(value.vectors[i * value.dimension + j]);
                }
            }
        }

        @Override
        public FlatIndex read(DataInput in, int version) throws IOException {
            FlatIndex index = new FlatIndex(in.readInt());
            int size = in.readInt();
            float[] vector = new float[index.dimension];
            for (int i = 0; i < size; i++) {
                long id = in.readLong();
                long timestamp = version >= 2 ? in.readLong() : Long.MAX_VALUE;
                for (int j = 0; j < vector.length; j++) {
                    vector[j] = in.readFloat();
                }
                index.add(id, vector, timestamp);
            }
            return index;
        }
    }
}
