package io.flinkdrift.core.density;

import io.flinkdrift.core.state.StateFixtureFiles;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * State written by every format version of every density estimator codec (byte fixtures in
 * {@code src/test/resources/density}, see {@link DensityStateFixtures}) restores into an estimator
 * that behaves exactly like the one that was written, now and on a continuation of its stream; the
 * current format's bytes are unchanged; and nested formats are read with the version that was written.
 */
class DensityStateFixturesTest {

    @Test
    void everyFormatVersionOfEveryEstimatorRestores() throws IOException {
        for (Map.Entry<String, DensityStateFixtures.Fixture<?>> entry : DensityStateFixtures.all().entrySet()) {
            assertFixturesRestore(entry.getKey(), entry.getValue());
        }
    }

    @Test
    void currentFormatBytesMatchTheFixtures() throws IOException {
        for (Map.Entry<String, DensityStateFixtures.Fixture<?>> entry : DensityStateFixtures.all().entrySet()) {
            DensityStateFixtures.Fixture<?> fixture = entry.getValue();
            assertArrayEquals(fixture(entry.getKey(), fixture.codec.version()),
                    DensityStateFixtures.currentBytes(fixture), entry.getKey());
        }
    }

    /**
     * The binning inside a format-2 adaptive histogram carries its own version: stamped with a version
     * this release does not know, the read fails on it instead of misreading the bytes as format 1.
     */
    @Test
    void nestedFormatsAreReadWithTheVersionThatWasWritten() throws IOException {
        byte[] bytes = fixture("adaptive-histogram-grid", 2);
        assertEquals(1, readInt(bytes, 4), "the binning's format version follows the estimator's");
        bytes[7] = 2;
        IOException error = assertThrows(IOException.class,
                () -> StateFixtureFiles.decode(new AdaptiveHistogramEstimator.Codec(), bytes));
        assertEquals(BinningCodec.class.getName() + " cannot read format version 2 (this release reads 1..1)",
                error.getMessage());
    }

    /**
     * The window counts inside a window mixture carry their own version: stamped with a version this
     * release does not know, the read fails on it.
     */
    @Test
    void theWindowMixturesNestedCountsAreReadWithTheVersionThatWasWritten() throws IOException {
        byte[] bytes = fixture("window-mixture-histogram", 1);
        // estimator version, binning (version, tag, d, 2 x 2 corners, bins), config (version, 2 ints, 1 double)
        int countsVersion = 4 + (4 + 1 + 4 + 4 * 8 + 4) + (4 + 4 + 4 + 8);
        assertEquals(1, readInt(bytes, countsVersion), "the counts' format version follows the config");
        bytes[countsVersion + 3] = 2;
        IOException error = assertThrows(IOException.class,
                () -> StateFixtureFiles.decode(new WindowMixtureHistogramEstimator.Codec(), bytes));
        assertEquals(DyadicBlockCounts.Codec.class.getName() + " cannot read format version 2 (this release reads 1..1)",
                error.getMessage());
    }

    private static <T extends DensityEstimator> void assertFixturesRestore(
            String name, DensityStateFixtures.Fixture<T> fixture) throws IOException {
        for (int version = fixture.firstVersion; version <= fixture.codec.version(); version++) {
            T restored = StateFixtureFiles.decode(fixture.codec, fixture(name, version));
            T expected = fixture.state();
            SplittableRandom random = new SplittableRandom(7);
            for (int t = DensityStateFixtures.ELEMENTS; t < DensityStateFixtures.ELEMENTS + 600; t++) {
                double[] point = DensityStateFixtures.point(expected.dimension(), t, random);
                String where = name + " v" + version + " at element " + t;
                assertEquals(expected.logDensity(point), restored.logDensity(point), 0.0, where);
                assertEquals(expected.window(), restored.window(), where);
                assertEquals(expected.driftDetected(), restored.driftDetected(), where);
                assertEquals(expected.elementsSeen(), restored.elementsSeen(), where);
                expected.add(point);
                restored.add(point);
            }
        }
    }

    private static int readInt(byte[] bytes, int offset) throws IOException {
        return new DataInputStream(new ByteArrayInputStream(bytes, offset, 4)).readInt();
    }

    private static byte[] fixture(String name, int version) throws IOException {
        return StateFixtureFiles.load("density", name, version);
    }
}
