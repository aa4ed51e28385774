package io.flinkdrift.generators;

import io.flinkdrift.records.Example;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RotatingHyperplaneGeneratorTest {

    /** A quarter turn every 1,000 records, so w(1000) is the second direction of the plane. */
    private static final double QUARTER_TURN_SPEED = Math.PI / 2 / 1_000;

    @Test
    void normalFollowsTheClosedFormRotation() {
        RotatingHyperplaneGenerator generator =
                new RotatingHyperplaneGenerator(StreamSettings.ofSeed(3), 6, QUARTER_TURN_SPEED, 500, 0.0);
        double[] u = generator.weights(0);
        double[] v = generator.weights(1_000);
        assertEquals(1.0, dot(u, u), 1e-12);
        assertEquals(1.0, dot(v, v), 1e-12);
        assertEquals(0.0, dot(u, v), 1e-12);
        for (long i = 0; i < 5_000; i += 37) {
            double angle = QUARTER_TURN_SPEED * i;
            double[] w = generator.weights(i);
            for (int j = 0; j < u.length; j++) {
                assertEquals(Math.cos(angle) * u[j] + Math.sin(angle) * v[j], w[j], 1e-12);
            }
        }
    }

    @Test
    void noiseFreeLabelsAgreeWithTheRotatingHyperplane() {
        RotatingHyperplaneGenerator generator =
                new RotatingHyperplaneGenerator(StreamSettings.ofSeed(3), 6, QUARTER_TURN_SPEED, 500, 0.0);
        double[] u = generator.weights(0);
        double[] v = generator.weights(1_000);
        int positives = 0;
        int n = 8_000;
        for (long i = 0; i < n; i++) {
            Example e = generator.generate(i);
            double angle = QUARTER_TURN_SPEED * i;
            double margin = 0.0;
            for (int j = 0; j < u.length; j++) {
                assertTrue(e.features[j] >= 0.0 && e.features[j] < 1.0);
                margin += (Math.cos(angle) * u[j] + Math.sin(angle) * v[j]) * (e.features[j] - 0.5);
            }
            if (Math.abs(margin) > 1e-9) { // away from the boundary, where rounding cannot matter
                assertEquals(margin >= 0 ? 1.0 : 0.0, e.label, "index " + i);
            }
            assertEquals((int) (i / 500), e.concept);
            positives += (int) e.label;
        }
        // The boundary passes through the cube's centre, so classes are balanced: 4 SE = 4 * 0.5 / sqrt(n).
        assertEquals(0.5, positives / (double) n, 4 * 0.5 / Math.sqrt(n));
    }

    @Test
    void driftChangesTheConceptAQuarterTurnApart() {
        RotatingHyperplaneGenerator generator =
                new RotatingHyperplaneGenerator(StreamSettings.ofSeed(9), 4, QUARTER_TURN_SPEED, 500, 0.0);
        double[] early = generator.weights(0);
        double[] late = generator.weights(1_000);
        // Labelling the same points under w(0) and w(1000) (orthogonal normals) disagrees on half of them.
        int disagreements = 0;
        int n = 10_000;
        for (long i = 0; i < n; i++) {
            double[] x = generator.generate(i).features;
            if (RotatingHyperplaneGenerator.cleanLabel(x, early)
                    != RotatingHyperplaneGenerator.cleanLabel(x, late)) {
                disagreements++;
            }
        }
        assertEquals(0.5, disagreements / (double) n, 4 * 0.5 / Math.sqrt(n));
    }

    @Test
    void labelNoiseRateIsWithinFourStandardErrorsOfTheConfiguredRate() {
        int n = 100_000;
        double noise = 0.2;
        RotatingHyperplaneGenerator generator =
                new RotatingHyperplaneGenerator(StreamSettings.ofSeed(17), 10, 1e-4, 10_000, noise);
        int flipped = 0;
        for (long i = 0; i < n; i++) {
            Example e = generator.generate(i);
            if (e.label != RotatingHyperplaneGenerator.cleanLabel(e.features, generator.weights(i))) {
                flipped++;
            }
        }
        assertEquals(noise, flipped / (double) n, 4 * Math.sqrt(noise * (1 - noise) / n));
    }

    @Test
    void rejectsInvalidParameters() {
        StreamSettings s = StreamSettings.ofSeed(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RotatingHyperplaneGenerator(s, 1, 1e-4, 10, 0.1));
        assertTrue(e.getMessage().contains("dimension"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new RotatingHyperplaneGenerator(s, 3, Double.POSITIVE_INFINITY, 10, 0.1));
        assertThrows(IllegalArgumentException.class,
                () -> new RotatingHyperplaneGenerator(s, 3, 1e-4, 0, 0.1));
        assertThrows(IllegalArgumentException.class,
                () -> new RotatingHyperplaneGenerator(s, 3, 1e-4, 10, -0.1));
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0.0;
        for (int j = 0; j < a.length; j++) {
            sum += a[j] * b[j];
        }
        return sum;
    }
}
