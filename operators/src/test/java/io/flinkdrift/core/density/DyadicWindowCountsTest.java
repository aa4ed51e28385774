package io.flinkdrift.core.density;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DyadicWindowCountsTest {

    @Test
    void windowCountsEqualBruteForceCountsOverTheLastTwoToTheJElements() {
        for (int seed = 0; seed < 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int numBins = 1 + random.nextInt(12);
            int maxExponent = random.nextInt(9);
            int length = random.nextInt(3 << maxExponent) + 1;
            DyadicWindowCounts counts = new DyadicWindowCounts(numBins, maxExponent);
            int[] stream = new int[length];
            for (int t = 0; t < length; t++) {
                stream[t] = random.nextInt(numBins);
                counts.add(stream[t]);
                if (random.nextInt(7) == 0 || t == length - 1) {
                    assertMatchesBruteForce(counts, stream, t + 1);
                }
            }
        }
    }

    private static void assertMatchesBruteForce(DyadicWindowCounts counts, int[] stream, int seen) {
        assertEquals(seen, counts.elementsSeen());
        for (int j = 0; j <= counts.maxExponent(); j++) {
            int size = Math.min(1 << j, seen);
            assertEquals(size, counts.windowSize(j));
            int[] expected = new int[counts.numBins()];
            for (int t = seen - size; t < seen; t++) {
                expected[stream[t]]++;
            }
            for (int bin = 0; bin < expected.length; bin++) {
                assertEquals(expected[bin], counts.count(j, bin), "window 2^" + j + ", bin " + bin + ", n " + seen);
            }
        }
        int retained = Math.min(1 << counts.maxExponent(), seen);
        assertEquals(retained, counts.retained());
        for (int lag = 1; lag <= retained; lag++) {
            assertEquals(stream[seen - lag], counts.retainedBin(lag));
        }
    }

    @Test
    void totalVariationIsHalfTheL1DistanceOfWindowFrequencies() {
        DyadicWindowCounts counts = new DyadicWindowCounts(3, 2);
        for (int bin : new int[] {0, 0, 1, 2}) {
            counts.add(bin);
        }
        // window 2^1 = {1, 2}: (0, 1/2, 1/2); window 2^2 = {0, 0, 1, 2}: (1/2, 1/4, 1/4)
        assertEquals(0.5, counts.totalVariation(1, 2), 1e-15);
        // window 2^0 = {2}: (0, 0, 1)
        assertEquals(0.75, counts.totalVariation(0, 2), 1e-15);
        assertEquals(2, counts.largestFullExponent());
    }

    @Test
    void largestFullExponentFollowsTheElementCountUpToJ() {
        DyadicWindowCounts counts = new DyadicWindowCounts(2, 3);
        assertEquals(-1, counts.largestFullExponent());
        int[] expected = {0, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
        for (int n = 1; n <= expected.length; n++) {
            counts.add(n % 2);
            assertEquals(expected[n - 1], counts.largestFullExponent(), "n = " + n);
        }
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> new DyadicWindowCounts(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new DyadicWindowCounts(4, 27));
        DyadicWindowCounts counts = new DyadicWindowCounts(4, 3);
        assertThrows(IllegalArgumentException.class, () -> counts.add(4));
        assertThrows(IllegalArgumentException.class, () -> counts.add(-1));
        assertEquals(0, counts.elementsSeen());
        assertThrows(IllegalArgumentException.class, () -> counts.count(4, 0));
    }
}
