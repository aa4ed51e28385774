package io.flinkdrift.core.density;

/**
 * A circular buffer of the last {@code capacity} bin indices of a stream. Looked up by lag: lag 1
 * is the most recent element.
 */
final class BinRing {

    private final int[] bins;
    private int next;
    private long pushed;

    /** @param capacity at least 1 (validated by the callers, which name their own parameter) */
    BinRing(int capacity) {
        this.bins = new int[capacity];
    }

    int capacity() {
        return bins.length;
    }

    /** The number of elements held, {@code min(pushed, capacity)}. */
    int size() {
        return (int) Math.min(pushed, bins.length);
    }

    /** The total number of elements ever pushed. */
    long pushed() {
        return pushed;
    }

    /** The element {@code lag} steps back, for 1 &lt;= lag &lt;= size(). */
    int get(int lag) {
        int index = next - lag;
        return bins[index < 0 ? index + bins.length : index];
    }

    void push(int bin) {
        bins[next] = bin;
        next = next + 1 == bins.length ? 0 : next + 1;
        pushed++;
    }

    /** Restores the element count after a replay of the retained elements (state restore). */
    void setPushed(long total) {
        pushed = total;
    }
}
