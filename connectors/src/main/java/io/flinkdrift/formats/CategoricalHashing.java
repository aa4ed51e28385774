package io.flinkdrift.formats;

import org.apache.flink.util.MathUtils;

/**
 * The hashing trick for categorical features (Weinberger et al., "Feature Hashing for Large Scale
 * Multitask Learning", ICML 2009): the pair (column, value) is hashed into one of B buckets, the
 * bucket's feature is 1, so a vocabulary that grows or is unknown needs no dictionary and no
 * rebuild, at the price of occasional collisions. The hash is a pure function of the two strings
 * (Java's specified {@link String#hashCode()}, spread by MurmurHash3's finaliser), so a value keeps
 * its bucket across restarts, JVMs and parallel instances.
 */
public final class CategoricalHashing {

    /** Upper bound of B: the models' state grows with the square of the dimension. */
    public static final int MAX_BUCKETS = 1 << 16;

    /** Separates column from value, so that ("ab", "c") and ("a", "bc") differ. */
    private static final char SEPARATOR = '\u001f';

    private CategoricalHashing() {}

    /** The bucket in [0, buckets) of {@code value} in {@code column}. */
    public static int bucket(String column, String value, int buckets) {
        return Math.floorMod(MathUtils.murmurHash((column + SEPARATOR + value).hashCode()), buckets);
    }
}
