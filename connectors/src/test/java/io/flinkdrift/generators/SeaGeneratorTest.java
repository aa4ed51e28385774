package io.flinkdrift.generators;

import io.flinkdrift.records.Example;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeaGeneratorTest {

    /** Street and Kim's thresholds, restated independently of the implementation. */
    private static final double[] THETA = {8.0, 9.0, 7.0, 9.5};

    @Test
    void conceptChangesExactlyAtMultiplesOfChangeEvery() {
        SeaGenerator sea = new SeaGenerator(StreamSettings.ofSeed(1), 1_000, 0.1);
        for (long i = 0; i < 12_000; i++) {
            assertEquals((int) ((i / 1_000) % 4), sea.generate(i).concept, "index " + i);
        }
        for (long boundary = 1_000; boundary <= 11_000; boundary += 1_000) {
            assertNotEquals(sea.generate(boundary - 1).concept, sea.generate(boundary).concept);
        }
    }

    @Test
    void defaultConceptLengthMatchesTheSharedSeaFile() {
        SeaGenerator sea = new SeaGenerator(
                StreamSettings.ofSeed(1), SeaGenerator.DEFAULT_CHANGE_EVERY, SeaGenerator.DEFAULT_NOISE);
        assertEquals(0, sea.concept(12_499));
        assertEquals(1, sea.concept(12_500));
        assertEquals(3, sea.concept(49_999));
        assertEquals(0, sea.concept(50_000));
    }

    @Test
    void noiseFreeLabelsFollowTheThresholdOfTheirConcept() {
        SeaGenerator sea = new SeaGenerator(StreamSettings.ofSeed(5), 2_500, 0.0);
        int[] positives = new int[4];
        for (long i = 0; i < 20_000; i++) {
            Example e = sea.generate(i);
            for (double x : e.features) {
                assertTrue(x >= 0.0 && x < 10.0, "feature out of [0, 10): " + x);
            }
            double expected = e.features[0] + e.features[1] <= THETA[e.concept] ? 1.0 : 0.0;
            assertEquals(expected, e.label, "index " + i);
            positives[e.concept] += (int) e.label;
        }
        // P(x1 + x2 <= θ) for x uniform on [0,10)^2 is θ²/200 (θ <= 10): 0.32, 0.405, 0.245, 0.45125.
        // Each concept has 5,000 records here; 4 standard errors <= 4 * sqrt(0.25 / 5000) < 0.029.
        for (int c = 0; c < 4; c++) {
            assertEquals(THETA[c] * THETA[c] / 200.0, positives[c] / 5_000.0, 0.029, "concept " + c);
        }
    }

    @Test
    void labelNoiseRateIsWithinFourStandardErrorsOfTheConfiguredRate() {
        int n = 100_000;
        double noise = 0.1;
        SeaGenerator noisy = new SeaGenerator(StreamSettings.ofSeed(11), 12_500, noise);
        int flipped = 0;
        for (long i = 0; i < n; i++) {
            Example e = noisy.generate(i);
            if (e.label != SeaGenerator.cleanLabel(e.features, e.concept)) {
                flipped++;
            }
        }
        double standardError = Math.sqrt(noise * (1 - noise) / n);
        assertEquals(noise, flipped / (double) n, 4 * standardError);
    }

    @Test
    void noiseOnlyFlipsLabelsAndKeepsFeatures() {
        SeaGenerator clean = new SeaGenerator(StreamSettings.ofSeed(11), 12_500, 0.0);
        SeaGenerator noisy = new SeaGenerator(StreamSettings.ofSeed(11), 12_500, 0.3);
        for (long i = 0; i < 1_000; i++) {
            Example a = clean.generate(i);
            Example b = noisy.generate(i);
            assertArrayEquals(a.features, b.features);
            assertEquals(a.concept, b.concept);
        }
    }

    @Test
    void rejectsInvalidParameters() {
        StreamSettings settings = StreamSettings.ofSeed(1);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new SeaGenerator(settings, 0, 0.1));
        assertTrue(e.getMessage().contains("changeEvery"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SeaGenerator(settings, 10, 1.5));
        assertTrue(e.getMessage().contains("noise"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SeaGenerator(settings, 10, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new StreamSettings(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new StreamSettings(1, 1, 0));
    }
}
