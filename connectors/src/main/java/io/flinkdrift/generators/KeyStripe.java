package io.flinkdrift.generators;

import org.apache.flink.api.connector.source.lib.util.IteratorSourceSplit;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A split of a generator's index range that holds every index of some keys: stripe {@code s} of
 * {@code S} holds the indices {@code i < count} whose key {@code i % keys} is congruent to {@code s}
 * mod {@code S}, in increasing order. So one reader emits all of a key's records in index order, and
 * the stripes advance through event time together. The {@code p}-th index of a stripe with {@code m}
 * keys is {@code (p / m) keys + s + (p % m) S}, so a stripe's position is one number.
 */
public final class KeyStripe implements IteratorSourceSplit<Long, KeyStripe.Indices> {

    private final int stripe;
    private final int stripes;
    private final int keys;
    private final long count;
    private final long position;

    /**
     * @param position indices of this stripe already emitted
     * @throws IllegalArgumentException unless {@code 0 <= stripe < stripes <= keys} and {@code count, position >= 0}
     */
    public KeyStripe(int stripe, int stripes, int keys, long count, long position) {
        if (stripe < 0 || stripe >= stripes || stripes > keys || count < 0 || position < 0) {
            throw new IllegalArgumentException("invalid key stripe " + stripe + " of " + stripes + " over " + keys
                    + " keys, count " + count + ", position " + position);
        }
        this.stripe = stripe;
        this.stripes = stripes;
        this.keys = keys;
        this.count = count;
        this.position = position;
    }

    int stripe() {
        return stripe;
    }

    int stripes() {
        return stripes;
    }

    int keys() {
        return keys;
    }

    long count() {
        return count;
    }

    long position() {
        return position;
    }

    @Override
    public String splitId() {
        return String.valueOf(stripe);
    }

    @Override
    public Indices getIterator() {
        return new Indices(position);
    }

    @Override
    public KeyStripe getUpdatedSplitForIterator(Indices iterator) {
        return new KeyStripe(stripe, stripes, keys, count, iterator.position);
    }

    /** The stripe's {@code p}-th index. */
    long index(long p) {
        int keysInStripe = (keys - stripe + stripes - 1) / stripes;
        return (p / keysInStripe) * keys + stripe + (p % keysInStripe) * stripes;
    }

    @Override
    public String toString() {
        return "KeyStripe{" + stripe + "/" + stripes + ", keys=" + keys + ", count=" + count + ", position="
                + position + '}';
    }

    /** The stripe's indices from a position on. */
    public final class Indices implements Iterator<Long> {

        private long position;

        private Indices(long position) {
            this.position = position;
        }

        @Override
        public boolean hasNext() {
            return index(position) < count;
        }

        @Override
        public Long next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return index(position++);
        }
    }
}
