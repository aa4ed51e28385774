package io.flinkdrift.core.learners.knn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.flinkdrift.core.learners.FrozenStandardizer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link WindowedKnnClassifier} against a brute-force reference that sorts every kept example by
 * distance (ties: the more recent first) and applies the voting rule, with tolerance 0; its window
 * eviction, tie-breaking, class-renumbering invariance, bounded state and codec round trip.
 */
class WindowedKnnClassifierTest {

    private static final int DIMENSION = 3;

    /** A labelled example. */
    private record Example(double[] x, int y) {}

    /**
     * The reference prediction: {@code kept} newest first, stably sorted by squared distance, the
     * first k voting 1/√s (or 1 each for those at distance 0 if any), normalised in rank order.
     */
    private static double[] bruteForce(List<Example> kept, int k, int classes, double[] query) {
        List<Example> newestFirst = new ArrayList<>(kept);
        java.util.Collections.reverse(newestFirst);
        double[] distances = new double[newestFirst.size()];
        Integer[] order = new Integer[newestFirst.size()];
        for (int i = 0; i < order.length; i++) {
            double s = 0;
            for (int j = 0; j < query.length; j++) {
                double difference = newestFirst.get(i).x()[j] - query[j];
                s += difference * difference;
            }
            distances[i] = s;
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> distances[i])); // stable: newer first among ties
        double[] votes = new double[classes];
        int voters = Math.min(k, order.length);
        boolean exact = voters > 0 && distances[order[0]] == 0;
        double total = 0;
        for (int r = 0; r < voters; r++) {
            double s = distances[order[r]];
            if (exact && s > 0) {
                continue;
            }
            double vote = exact ? 1.0 : 1.0 / Math.sqrt(s);
            votes[newestFirst.get(order[r]).y()] += vote;
            total += vote;
        }
        for (int c = 0; c < classes; c++) {
            votes[c] /= total;
        }
        return votes;
    }

    /** Features on a coarse grid (many equal and zero distances) or continuous. */
    private static Example example(Random random, boolean grid, int classes) {
        double[] x = new double[DIMENSION];
        for (int j = 0; j < DIMENSION; j++) {
            x[j] = grid ? random.nextInt(3) : random.nextGaussian() * (j + 1) + j;
        }
        return new Example(x, random.nextInt(classes));
    }

    @Test
    void predictsWhatABruteForceSortOfTheWindowPredicts() {
        for (boolean grid : new boolean[] {true, false}) {
            for (int[] wk : new int[][] {{1, 1}, {7, 3}, {20, 5}, {20, 20}}) {
                int window = wk[0];
                int k = wk[1];
                WindowedKnnClassifier model = new WindowedKnnClassifier(window, k, 0);
                Random random = new Random(window * 31L + k);
                List<Example> seen = new ArrayList<>();
                int classes = 0;
                for (int t = 0; t < 400; t++) {
                    Example e = example(random, grid, 4);
                    if (t > 0) {
                        List<Example> kept = seen.subList(Math.max(0, seen.size() - window), seen.size());
                        assertArrayEquals(bruteForce(kept, k, classes, e.x()), model.predictProbabilities(e.x()), 0.0,
                                "grid " + grid + ", W " + window + ", k " + k + ", step " + t);
                    } else {
                        assertArrayEquals(new double[0], model.predictProbabilities(e.x()));
                    }
                    model.learn(e.x(), e.y());
                    seen.add(e);
                    classes = Math.max(classes, e.y() + 1);
                    assertEquals(classes, model.numClasses());
                    assertEquals(t + 1, model.version());
                }
            }
        }
    }

    @Test
    void keepsExactlyTheLastWExamplesNewestFirst() {
        WindowedKnnClassifier model = new WindowedKnnClassifier(5, 2, 0);
        for (int t = 0; t < 13; t++) {
            model.learn(new double[] {t, -t}, t % 3);
            int kept = Math.min(t + 1, 5);
            assertEquals(kept, model.size());
            for (int age = 0; age < kept; age++) {
                assertArrayEquals(new double[] {t - age, -(t - age)}, model.example(age), 0.0);
                assertEquals((t - age) % 3, model.label(age));
            }
        }
        // The example (7, -7) of class 1 left the window: the nearest kept ones are 8 (class 2) and 9 (class 0).
        assertArrayEquals(new double[] {1.0 / 2, 0, 1.0 / 2}, predict(model, 8.5, -8.5), 0.0);
        double near = 1 / Math.sqrt(2.0);
        double far = 1 / Math.sqrt(2 * 2.0 * 2.0);
        assertArrayEquals(new double[] {far / (near + far), 0, near / (near + far)}, predict(model, 7, -7), 0.0);
    }

    @Test
    void breaksDistanceTiesTowardsTheMoreRecentExampleAndLetsExactMatchesAloneVote() {
        WindowedKnnClassifier nearest = new WindowedKnnClassifier(10, 1, 0);
        nearest.learn(new double[] {1, 0}, 0);
        nearest.learn(new double[] {-1, 0}, 1);
        assertArrayEquals(new double[] {0, 1}, predict(nearest, 0, 0), 0.0);
        nearest.learn(new double[] {0, 1}, 2);
        assertArrayEquals(new double[] {0, 0, 1}, predict(nearest, 0, 0), 0.0);

        WindowedKnnClassifier exact = new WindowedKnnClassifier(10, 4, 0);
        exact.learn(new double[] {0, 0}, 0);
        exact.learn(new double[] {0, 0}, 1);
        exact.learn(new double[] {0, 0}, 1);
        exact.learn(new double[] {0, 0.5}, 2);
        assertArrayEquals(new double[] {1.0 / 3, 2.0 / 3, 0}, predict(exact, 0, 0), 0.0);
        // Three at squared distance 0.125², the newest at 0.375²: ranked by distance, then recency.
        double near = 1 / Math.sqrt(0.125 * 0.125);
        double far = 1 / Math.sqrt(0.375 * 0.375);
        double total = near + near + near + far;
        assertArrayEquals(new double[] {near / total, (near + near) / total, far / total}, predict(exact, 0, 0.125),
                0.0);
    }

    @Test
    void renumberingTheClassesPermutesTheProbabilitiesExactly() {
        Random random = new Random(5);
        List<Example> stream = new ArrayList<>();
        for (int t = 0; t < 600; t++) {
            stream.add(example(random, false, 6));
        }
        for (int trial = 0; trial < 5; trial++) {
            int[] renumbering = random.ints(0, 40).distinct().limit(6).toArray();
            WindowedKnnClassifier reference = new WindowedKnnClassifier(50, 5, 20);
            WindowedKnnClassifier renumbered = new WindowedKnnClassifier(50, 5, 20);
            for (Example e : stream) {
                if (reference.version() >= 20) { // once the standardiser (fitted on features alone) is frozen
                    double[] p = reference.predictProbabilities(e.x());
                    double[] q = renumbered.predictProbabilities(e.x());
                    double[] permuted = new double[q.length];
                    for (int c = 0; c < p.length; c++) {
                        permuted[renumbering[c]] = p[c];
                    }
                    assertArrayEquals(permuted, q, 0.0, "renumbering " + Arrays.toString(renumbering));
                }
                reference.learn(e.x(), e.y());
                renumbered.learn(e.x(), renumbering[e.y()]);
            }
        }
    }

    @Test
    void standardisesOnTheFirstBExamplesAndPredictsUniformlyUntilThen() {
        int samples = 30;
        WindowedKnnClassifier model = new WindowedKnnClassifier(40, 3, samples);
        WindowedKnnClassifier raw = new WindowedKnnClassifier(40, 3, 0);
        Random random = new Random(9);
        List<Example> stream = new ArrayList<>();
        for (int t = 0; t < 200; t++) {
            stream.add(example(random, false, 3));
        }
        double[][] buffered = new double[samples][];
        int classes = 0;
        for (int t = 0; t < samples; t++) {
            Example e = stream.get(t);
            double[] p = model.predictProbabilities(e.x());
            double[] uniform = new double[classes];
            Arrays.fill(uniform, 1.0 / classes);
            assertArrayEquals(uniform, p, 0.0);
            model.learn(e.x(), e.y());
            buffered[t] = e.x();
            classes = Math.max(classes, e.y() + 1);
        }
        FrozenStandardizer standardizer = FrozenStandardizer.fit(buffered, samples);
        for (Example e : stream) {
            if (raw.version() >= samples) {
                assertArrayEquals(raw.predictProbabilities(standardized(standardizer, e.x())),
                        model.predictProbabilities(e.x()), 0.0);
                model.learn(e.x(), e.y());
            }
            raw.learn(standardized(standardizer, e.x()), e.y());
        }
    }

    @Test
    void stateIsBoundedByTheWindow() throws IOException {
        WindowedKnnClassifier model = new WindowedKnnClassifier(25, 3, 10);
        Random random = new Random(2);
        int[] sizes = new int[3];
        for (int round = 0; round < 3; round++) {
            for (int t = 0; t < 1000; t++) {
                Example e = example(random, false, 3);
                model.learn(e.x(), e.y());
            }
            assertEquals(25, model.size());
            sizes[round] = write(model).length;
        }
        // W, k, B, version, the standardiser (flag, d, mean, scale), K, n, d, then n rows.
        int expected = 4 + 4 + 4 + 8 + (1 + 4 + 2 * 8 * DIMENSION) + 4 + 4 + 4 + 25 * (8 * DIMENSION + 4);
        assertArrayEquals(new int[] {expected, expected, expected}, sizes);
    }

    @Test
    void restoresFromItsStateAndGoesOnIdentically() throws IOException {
        WindowedKnnClassifierCodec codec = new WindowedKnnClassifierCodec();
        for (int stop : new int[] {0, 5, 17, 61, 300}) {
            WindowedKnnClassifier model = new WindowedKnnClassifier(23, 4, 10);
            Random random = new Random(4);
            for (int t = 0; t < stop; t++) {
                Example e = example(random, t % 2 == 0, 5);
                model.learn(e.x(), e.y());
            }
            byte[] bytes = write(model);
            WindowedKnnClassifier restored = codec.read(new DataInputStream(new ByteArrayInputStream(bytes)), 1);
            assertArrayEquals(bytes, write(restored), "re-written byte for byte after " + stop);
            assertEquals(model.numClasses(), restored.numClasses());
            assertEquals(model.version(), restored.version());
            for (int t = 0; t < 100; t++) {
                Example e = example(random, t % 2 == 0, 6);
                assertArrayEquals(model.predictProbabilities(e.x()), restored.predictProbabilities(e.x()), 0.0);
                model.learn(e.x(), e.y());
                restored.learn(e.x(), e.y());
            }
        }
    }

    @Test
    void refusesInvalidSettingsInputsAndState() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> new WindowedKnnClassifier(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new WindowedKnnClassifier(3, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> new WindowedKnnClassifier(3, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new WindowedKnnClassifier(3, 1, -1));
        WindowedKnnClassifier model = new WindowedKnnClassifier(3, 1, 0);
        model.learn(new double[] {1, 2}, 0);
        assertThrows(IllegalArgumentException.class, () -> model.learn(new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> model.learn(new double[] {1, Double.NaN}, 0));
        assertThrows(IllegalArgumentException.class, () -> model.learn(new double[] {1, 2}, -1));
        assertThrows(IOException.class, () -> new WindowedKnnClassifierCodec().read(
                new DataInputStream(new ByteArrayInputStream(write(model))), 2));
        byte[] bytes = write(model);
        bytes[bytes.length - 1] = 5; // the kept example's class, beyond K = 1
        assertThrows(IOException.class, () -> new WindowedKnnClassifierCodec().read(
                new DataInputStream(new ByteArrayInputStream(bytes)), 1));
    }

    private static double[] predict(WindowedKnnClassifier model, double... x) {
        return model.predictProbabilities(x);
    }

    private static double[] standardized(FrozenStandardizer standardizer, double[] x) {
        double[] out = new double[x.length];
        standardizer.apply(x, out);
        return out;
    }

    private static byte[] write(WindowedKnnClassifier model) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new WindowedKnnClassifierCodec().write(model, new DataOutputStream(bytes));
        return bytes.toByteArray();
    }
}
