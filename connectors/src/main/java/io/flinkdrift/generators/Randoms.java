package io.flinkdrift.generators;

import java.util.SplittableRandom;

/** Seed mixing and sampling helpers shared by the generators; pure functions, fixed across JDKs. */
final class Randoms {

    /** 2^64 / golden ratio, odd: multiplying by it is a bijection on 64-bit integers. */
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Randoms() {}

    /** The SplitMix64 finaliser (Steele, Lea and Flood 2014): a bijective avalanche of 64 bits. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A generator seeded by mixing {@code seed} with {@code stream}. Because the mixing is injective
     * in {@code stream} for a fixed seed, distinct streams (record indices, or -1 for parameters)
     * never share a seed.
     */
    static SplittableRandom forStream(long seed, long stream) {
        return new SplittableRandom(mix64(mix64(seed) + GOLDEN_GAMMA * stream));
    }

    /**
     * A standard normal variate by the Box-Muller transform; implemented here rather than taken from
     * {@code RandomGenerator.nextGaussian} so that sequences do not depend on the JDK's algorithm.
     */
    static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble(); // in (0, 1], so the logarithm is finite
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }
}
