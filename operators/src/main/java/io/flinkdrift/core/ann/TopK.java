package io.flinkdrift.core.ann;

/**
 * The k smallest (distance, id) pairs seen so far, in a bounded max-heap of parallel primitive
 * arrays (no allocation per offered candidate). Pairs are ordered by distance, then by id, so the
 * result does not depend on the order in which candidates are offered.
 */
final class TopK {

    private final float[] distances;
    private final long[] ids;
    private int size;
    private int k;

    TopK(int k) {
        distances = new float[k];
        ids = new long[k];
        this.k = k;
    }

    /** The largest k {@link #reset} accepts. */
    int capacity() {
        return distances.length;
    }

    /** Empties the heap, to keep the {@code k} (at most {@link #capacity()}) best from now on. */
    void reset(int k) {
        if (k < 1 || k > distances.length) {
            throw new IllegalArgumentException("k must be in [1, " + distances.length + "], got " + k);
        }
        this.k = k;
        size = 0;
    }

    /** Offers one candidate; kept only if it is among the k best so far. */
    void offer(float distance, long id) {
        if (size < k) {
            distances[size] = distance;
            ids[size] = id;
            siftUp(size++);
        } else if (worse(distances[0], ids[0], distance, id)) {
            distances[0] = distance;
            ids[0] = id;
            siftDown(0);
        }
    }

    /** The kept candidates, best first; empties the heap. */
    SearchResult drainSorted(long scanned) {
        int n = size;
        long[] sortedIds = new long[n];
        float[] sortedDistances = new float[n];
        for (int i = n - 1; i >= 0; i--) {
            sortedDistances[i] = distances[0];
            sortedIds[i] = removeWorst();
        }
        return new SearchResult(sortedIds, sortedDistances, scanned);
    }

    /** Writes the kept ids, best first, to out[offset .. offset + size) as ints; empties the heap. */
    void drainIds(int[] out, int offset) {
        for (int i = size - 1; i >= 0; i--) {
            out[offset + i] = (int) removeWorst();
        }
    }

    /** Removes the worst kept candidate and returns its id. */
    private long removeWorst() {
        long worst = ids[0];
        size--;
        distances[0] = distances[size];
        ids[0] = ids[size];
        siftDown(0);
        return worst;
    }

    /** True when (d1, id1) orders after (d2, id2). */
    private static boolean worse(float d1, long id1, float d2, long id2) {
        return d1 > d2 || (d1 == d2 && id1 > id2);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!worse(distances[i], ids[i], distances[parent], ids[parent])) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int worst = left;
            int right = left + 1;
            if (right < size && worse(distances[right], ids[right], distances[left], ids[left])) {
                worst = right;
            }
            if (!worse(distances[worst], ids[worst], distances[i], ids[i])) {
                return;
            }
            swap(i, worst);
            i = worst;
        }
    }

    private void swap(int a, int b) {
        float d = distances[a];
        distances[a] = distances[b];
        distances[b] = d;
        long id = ids[a];
        ids[a] = ids[b];
        ids[b] = id;
    }
}
