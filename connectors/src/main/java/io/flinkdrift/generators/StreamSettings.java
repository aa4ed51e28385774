package io.flinkdrift.generators;

import io.flinkdrift.records.Example;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * The settings every generator shares, and the index-addressable framing they imply: the seed, the
 * number of model keys and the event-time spacing.
 *
 * <ul>
 *   <li>{@code seed}: any long (default {@value #DEFAULT_SEED}). Record {@code i} draws its
 *       randomness from its own generator seeded by mixing {@code seed} and {@code i}; a
 *       generator's fixed parameters (directions, base means) come from a separate stream of the
 *       same seed.
 *   <li>{@code keys} &ge; 1 (default 1): with 1 every record has key {@link Example#DEFAULT_KEY};
 *       with {@code n > 1} record {@code i} has key {@code "k" + (i % n)}, for per-key models.
 *   <li>{@code intervalMs} &ge; 1 (default 1): record {@code i} has event time {@code i *
 *       intervalMs} milliseconds, so by default event time equals the index.
 * </ul>
 */
public final class StreamSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final long DEFAULT_SEED = 42L;
    public static final int DEFAULT_KEYS = 1;
    public static final long DEFAULT_INTERVAL_MS = 1L;

    /** The random stream reserved for a generator's fixed parameters; record indices are >= 0. */
    private static final long PARAMETER_STREAM = -1L;

    private final long seed;
    private final int keys;
    private final long intervalMs;

    /**
     * @throws IllegalArgumentException if {@code keys < 1} or {@code intervalMs < 1}
     */
    public StreamSettings(long seed, int keys, long intervalMs) {
        if (keys < 1) {
            throw new IllegalArgumentException("keys must be >= 1, got " + keys);
        }
        if (intervalMs < 1) {
            throw new IllegalArgumentException("intervalMs must be >= 1, got " + intervalMs);
        }
        this.seed = seed;
        this.keys = keys;
        this.intervalMs = intervalMs;
    }

    /** Settings with the given seed, one key and event time equal to the index. */
    public static StreamSettings ofSeed(long seed) {
        return new StreamSettings(seed, DEFAULT_KEYS, DEFAULT_INTERVAL_MS);
    }

    public long seed() {
        return seed;
    }

    public int keys() {
        return keys;
    }

    public long intervalMs() {
        return intervalMs;
    }

    /**
     * The random generator of record {@code index}.
     *
     * @throws IllegalArgumentException if {@code index < 0}
     */
    SplittableRandom recordRandom(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("record index must be >= 0, got " + index);
        }
        return Randoms.forStream(seed, index);
    }

    /** A fresh random generator for the generator's fixed parameters; the same on every call. */
    SplittableRandom parameterRandom() {
        return Randoms.forStream(seed, PARAMETER_STREAM);
    }

    /** Record {@code index} framed with its id, key and event time. */
    Example example(long index, double[] features, double label, int concept) {
        String key = keys == 1 ? Example.DEFAULT_KEY : "k" + (index % keys);
        return new Example(index, key, index * intervalMs, features, label, concept);
    }

    /**
     * The number of whole periods of {@code periodLength} records before {@code index}, as a concept
     * id; ids wrap to 0 after {@link Integer#MAX_VALUE} so they stay non-negative on endless streams.
     */
    static int periodOf(long index, long periodLength) {
        return (int) ((index / periodLength) % (Integer.MAX_VALUE + 1L));
    }

    @Override
    public String toString() {
        return "seed=" + seed + ", keys=" + keys + ", intervalMs=" + intervalMs;
    }
}
