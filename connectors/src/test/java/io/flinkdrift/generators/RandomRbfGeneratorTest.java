package io.flinkdrift.generators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkdrift.records.Example;

import org.junit.jupiter.api.Test;

/** Statistical properties of {@link RandomRbfGenerator}, with fixed seeds and stated tolerances. */
class RandomRbfGeneratorTest {

    private static final int N = 60_000;

    @Test
    void classFrequenciesAreTheWeightsOfTheirCentroids() {
        RandomRbfGenerator generator = new RandomRbfGenerator(StreamSettings.ofSeed(1), 5, 4, 30, 30, 1e-3, 0);
        double[] expected = new double[4];
        for (int k = 0; k < generator.centroids(); k++) {
            expected[generator.centroidClass(k, 0)] += generator.weight(k);
        }
        int[] counts = new int[4];
        for (long i = 0; i < N; i++) {
            Example example = generator.generate(i);
            counts[(int) example.label]++;
            assertEquals(0, example.concept, "no swaps: one concept");
        }
        for (int c = 0; c < 4; c++) {
            double frequency = counts[c] / (double) N;
            double sd = Math.sqrt(expected[c] * (1 - expected[c]) / N);
            assertEquals(expected[c], frequency, 4 * sd, "class " + c); // 4 sd: fails by chance < 1e-4
        }
    }

    /**
     * With one fixed centroid per class, a class's records scatter around its centre: their mean is
     * the centre and their mean squared distance to it is the spread squared (E r² = s² for r ~ N(0, s²)).
     */
    @Test
    void recordsScatterAroundTheirCentreWithTheCentroidsSpread() {
        int dimension = 4;
        int classes = 3;
        RandomRbfGenerator generator = new RandomRbfGenerator(StreamSettings.ofSeed(2), dimension, classes, classes,
                0, 0.0, 0);
        double[][] sums = new double[classes][dimension];
        double[] squaredDistances = new double[classes];
        double[] fourthPowers = new double[classes];
        int[] counts = new int[classes];
        for (long i = 0; i < N; i++) {
            Example example = generator.generate(i);
            int c = (int) example.label;
            double[] centre = generator.centre(c, i);
            double squared = 0;
            for (int j = 0; j < dimension; j++) {
                sums[c][j] += example.features[j];
                squared += (example.features[j] - centre[j]) * (example.features[j] - centre[j]);
            }
            squaredDistances[c] += squared;
            fourthPowers[c] += squared * squared;
            counts[c]++;
        }
        for (int c = 0; c < classes; c++) {
            double s = generator.spread(c);
            double[] centre = generator.centre(c, 0);
            for (int j = 0; j < dimension; j++) {
                // each coordinate is r u_j with E (r u_j)² = s² / d
                assertEquals(centre[j], sums[c][j] / counts[c], 5 * s / Math.sqrt(dimension * counts[c]),
                        "class " + c + " coordinate " + j);
            }
            // r² = s² χ²₁: variance 2 s⁴
            assertEquals(s * s, squaredDistances[c] / counts[c], 5 * Math.sqrt(2) * s * s / Math.sqrt(counts[c]),
                    "class " + c);
            assertEquals(3 * s * s * s * s, fourthPowers[c] / counts[c], 0.1 * 3 * s * s * s * s,
                    "class " + c + ": E r⁴ = 3 s⁴ of a Gaussian radius");
        }
    }

    @Test
    void movingCentresTravelAtTheSpeedAndBounceInsideTheUnitCube() {
        double speed = 0.01;
        RandomRbfGenerator generator = new RandomRbfGenerator(StreamSettings.ofSeed(3), 6, 2, 10, 4, speed, 0);
        for (int k = 0; k < 10; k++) {
            int fullSteps = 0;
            for (long i = 0; i < 5_000; i++) {
                double[] here = generator.centre(k, i);
                double[] next = generator.centre(k, i + 1);
                double step = 0;
                for (int j = 0; j < here.length; j++) {
                    assertTrue(here[j] >= 0 && here[j] <= 1, "inside the cube");
                    step += (next[j] - here[j]) * (next[j] - here[j]);
                }
                step = Math.sqrt(step);
                if (k >= 4) {
                    assertEquals(0.0, step, 0.0, "centroid " + k + " does not drift");
                } else {
                    assertTrue(step <= speed + 1e-12, "a reflection only shortens a step");
                    fullSteps += Math.abs(step - speed) < 1e-9 ? 1 : 0;
                }
            }
            if (k < 4) {
                // a reflection happens about once per 1/(speed |v_j|) steps per coordinate: most steps are full
                assertTrue(fullSteps > 4_500, "centroid " + k + ": " + fullSteps + " full steps");
            }
        }
        double[] far = generator.centre(0, 1_000_000_000L);
        for (double coordinate : far) {
            assertTrue(coordinate >= 0 && coordinate <= 1, "inside the cube after 1e9 records");
        }
    }

    @Test
    void swapsRedrawEveryCentroidsClassAtTheirBoundaries() {
        int classes = 5;
        long swapEvery = 1_000;
        RandomRbfGenerator generator = new RandomRbfGenerator(StreamSettings.ofSeed(4), 3, classes, 50, 50, 1e-4,
                swapEvery);
        int changed = 0;
        int pairs = 0;
        for (long swap = 0; swap < 200; swap++) {
            for (int k = 0; k < generator.centroids(); k++) {
                changed += generator.centroidClass(k, swap) != generator.centroidClass(k, swap + 1) ? 1 : 0;
                pairs++;
            }
        }
        double p = 1 - 1.0 / classes;
        assertEquals(p, changed / (double) pairs, 4 * Math.sqrt(p * (1 - p) / pairs));
        assertEquals(0, generator.generate(999).concept);
        assertEquals(1, generator.generate(1_000).concept);
        assertEquals(7, generator.generate(7_500).concept);
        for (long i = 0; i < 20_000; i += 7) {
            double label = generator.generate(i).label;
            assertTrue(label >= 0 && label < classes && label == Math.rint(label));
        }
    }

    @Test
    void rejectsParametersOutsideTheirRanges() {
        StreamSettings settings = StreamSettings.ofSeed(5);
        assertThrows(IllegalArgumentException.class, () -> new RandomRbfGenerator(settings, 1, 2, 5, 5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RandomRbfGenerator(settings, 3, 1, 5, 5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RandomRbfGenerator(settings, 3, 6, 5, 5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RandomRbfGenerator(settings, 3, 2, 5, 5, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RandomRbfGenerator(settings, 3, 2, 5, 5, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> Generators.fromSpec("rbf?classes=1"));
        assertEquals(7, Generators.fromSpec("rbf?classes=7&dimension=3").numClasses());
    }
}
