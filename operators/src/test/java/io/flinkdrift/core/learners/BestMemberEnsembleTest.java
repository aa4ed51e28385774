package io.flinkdrift.core.learners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkdrift.core.learners.kalman.KalmanRlsEnsembleCodec;
import io.flinkdrift.core.learners.kalman.KalmanRlsEnsembleSwitchCodec;
import io.flinkdrift.core.learners.rls.RlsConfig;
import io.flinkdrift.core.learners.rls.RvflClassifier;
import io.flinkdrift.core.state.CodecBytes;
import io.flinkdrift.operators.learners.LearnerDeclaration;
import io.flinkdrift.operators.learners.LearnerRegistry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BestMemberEnsembleTest {

    private static final double RATE = 0.01;

    /** Plain RLS on the raw inputs with forgetting {@code lambda}. */
    private static RvflClassifier rls(int dimension, double lambda) {
        return new RvflClassifier(RlsConfig.builder(dimension).plainRls().forgetting(lambda).build());
    }

    private static List<RvflClassifier> rlsMembers(int dimension, double... lambdas) {
        List<RvflClassifier> members = new ArrayList<>();
        for (double lambda : lambdas) {
            members.add(rls(dimension, lambda));
        }
        return members;
    }

    /**
     * SEA-like records (Street and Kim, KDD 2001): x uniform in [0, 10)², label 1 iff x1 + x2 &le; θ,
     * flipped with probability 0.1; θ = 8 before record {@code change} and 11 from it on.
     */
    private static double[][] seaFeatures(long seed, int records) {
        Random random = new Random(seed);
        double[][] features = new double[records][];
        for (int i = 0; i < records; i++) {
            features[i] = new double[] {10 * random.nextDouble(), 10 * random.nextDouble()};
        }
        return features;
    }

    private static int[] seaLabels(long seed, double[][] features, int change) {
        Random random = new Random(seed);
        int[] labels = new int[features.length];
        for (int i = 0; i < features.length; i++) {
            double theta = i < change ? 8 : 11;
            labels[i] = features[i][0] + features[i][1] <= theta ? 1 : 0;
            if (random.nextDouble() < 0.1) {
                labels[i] = 1 - labels[i];
            }
        }
        return labels;
    }

    /** A three-class stream whose third class first appears at record 400, the labels drifting at 1500. */
    private static int[] threeClassLabels(double[][] features, long seed) {
        Random random = new Random(seed);
        int[] labels = new int[features.length];
        for (int i = 0; i < features.length; i++) {
            double s = features[i][0] - features[i][1] * (i < 1500 ? 1 : -1);
            labels[i] = s < -2 ? 0 : s < 2 || i < 400 ? 1 : 2;
            if (random.nextDouble() < 0.15) {
                labels[i] = random.nextInt(i < 400 ? 2 : 3);
            }
        }
        return labels;
    }

    private static double accuracy(OnlineClassifier model, double[][] features, int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += Learners.argmax(model.predictProbabilities(features[i])) == labels[i] ? 1 : 0;
            model.learn(features[i], labels[i]);
        }
        return correct / (double) labels.length;
    }

    /**
     * The ensemble recomputed from its definition with identical members run beside it: every
     * prediction is the probabilities of the first member of largest accuracy, padded to the classes
     * seen, and the accuracies are the exponentially weighted rates of unique correct choices.
     */
    @Test
    void predictsWithTheFirstMemberOfLargestAccuracyComputedByHand() {
        double[][] features = seaFeatures(1, 3000);
        int[] labels = threeClassLabels(features, 2);
        double[] lambdas = {0.9, 0.99, 1.0};
        BestMemberEnsemble ensemble = new BestMemberEnsemble(rlsMembers(2, lambdas), RATE);
        BestMemberEnsemble learnOnly = new BestMemberEnsemble(rlsMembers(2, lambdas), RATE);
        List<RvflClassifier> reference = rlsMembers(2, lambdas);
        double[] accuracies = new double[lambdas.length];
        int numClasses = 0;
        int[] timesSelected = new int[lambdas.length];
        for (int t = 0; t < labels.length; t++) {
            int selected = 0;
            for (int i = 1; i < accuracies.length; i++) {
                selected = accuracies[i] > accuracies[selected] ? i : selected;
            }
            timesSelected[selected]++;
            double[] expected = Arrays.copyOf(reference.get(selected).predictProbabilities(features[t]), numClasses);
            assertEquals(selected, ensemble.selected(), "record " + t);
            assertArrayEquals(expected, ensemble.predictProbabilities(features[t]), 0.0, "record " + t);
            for (int i = 0; i < lambdas.length; i++) {
                double[] p = reference.get(i).predictProbabilities(features[t]);
                int choice = Learners.argmax(p);
                int best = choice;
                boolean unique = choice >= 0 && Arrays.stream(p).filter(v -> v == p[best]).count() == 1;
                accuracies[i] += RATE * ((unique && choice == labels[t] ? 1 : 0) - accuracies[i]);
                reference.get(i).learn(features[t], labels[t]);
            }
            numClasses = Math.max(numClasses, labels[t] + 1);
            ensemble.learn(features[t], labels[t]);
            learnOnly.learn(features[t], labels[t]);
        }
        assertArrayEquals(accuracies, ensemble.accuracies(), 0.0);
        assertArrayEquals(accuracies, learnOnly.accuracies(), 0.0, "learn without a preceding prediction");
        assertEquals(3000, ensemble.version());
        assertEquals(3, ensemble.numClasses());
        assertTrue(Arrays.stream(timesSelected).filter(n -> n > 0).count() >= 2,
                "more than one member leads at times: " + Arrays.toString(timesSelected));
    }

    /**
     * On an abrupt step of the SEA threshold (fixed seeds), the long memory (λ = 0.9995) leads
     * before the change, the short one (λ = 0.99) takes over within 600 records after it, the long
     * one (having forgotten most of the old concept) leads again within 4,000 (measured: 34 and
     * 1,794), and the ensemble is more accurate than either member alone by at least 0.01
     * (measured: 0.8770 against 0.8610 and 0.8619).
     */
    @Test
    void followsTheShortMemoryAfterAnAbruptChangeAndTheLongOneWhileTheConceptIsStable() {
        int change = 6000;
        double[][] features = seaFeatures(3, 12_000);
        int[] labels = seaLabels(4, features, change);
        BestMemberEnsemble ensemble = new BestMemberEnsemble(rlsMembers(2, 0.9995, 0.99), RATE);
        int[] selected = new int[labels.length];
        int correct = 0;
        for (int t = 0; t < labels.length; t++) {
            selected[t] = ensemble.selected();
            correct += Learners.argmax(ensemble.predictProbabilities(features[t])) == labels[t] ? 1 : 0;
            ensemble.learn(features[t], labels[t]);
        }
        assertEquals(0, selected[change - 1], "the long memory leads before the change");
        int shortTakesOver = change;
        while (selected[shortTakesOver] != 1) {
            shortTakesOver++;
        }
        int longReturns = shortTakesOver;
        while (selected[longReturns] != 0) {
            longReturns++;
        }
        assertTrue(shortTakesOver - change <= 600, "short memory leads from record " + shortTakesOver);
        assertTrue(longReturns - change <= 4000, "long memory leads again from record " + longReturns);
        double ensembleAccuracy = correct / (double) labels.length;
        double longAlone = accuracy(rls(2, 0.9995), features, labels);
        double shortAlone = accuracy(rls(2, 0.99), features, labels);
        assertTrue(ensembleAccuracy >= Math.max(longAlone, shortAlone) + 0.01,
                "ensemble " + ensembleAccuracy + ", long " + longAlone + ", short " + shortAlone);
    }

    private static LearnerDeclaration<?> ensembleSwitch() {
        return LearnerRegistry.classifier("ensemble-switch");
    }

    @SuppressWarnings("unchecked")
    private static NoChangeSwitch<BestMemberEnsemble> newEnsembleSwitch(int dimension) {
        LearnerDeclaration<?> declaration = ensembleSwitch();
        return (NoChangeSwitch<BestMemberEnsemble>) declaration.factory(declaration.defaultValues()).create(dimension);
    }

    /** The default learner restores from its state, while its members buffer and after, and goes on bit-identically. */
    @Test
    void restoresFromItsStateAndGoesOnIdentically() throws Exception {
        double[][] features = seaFeatures(5, 1500);
        int[] labels = threeClassLabels(features, 6);
        NoChangeSwitch<BestMemberEnsemble> model = newEnsembleSwitch(2);
        KalmanRlsEnsembleSwitchCodec codec = new KalmanRlsEnsembleSwitchCodec();
        NoChangeSwitch<BestMemberEnsemble> restored = null;
        for (int t = 0; t < labels.length; t++) {
            if (t == 20 || t == 700) { // while the members buffer their standardisation sample, and after
                model.predictProbabilities(features[t]); // a remembered prediction is not state
                byte[] bytes = CodecBytes.encode(codec, model);
                restored = CodecBytes.decode(codec, bytes);
                assertArrayEquals(bytes, CodecBytes.encode(codec, restored), "re-written byte for byte");
            }
            if (restored != null) {
                assertArrayEquals(model.predictProbabilities(features[t]), restored.predictProbabilities(features[t]),
                        0.0, "record " + t);
                restored.learn(features[t], labels[t]);
            }
            model.learn(features[t], labels[t]);
        }
        assertEquals(4, restored.base().members().size());
        assertArrayEquals(model.base().accuracies(), restored.base().accuracies(), 0.0);
        assertEquals(model.version(), restored.version());
    }

    /** State of an ensemble without the Kalman member and an RLS member is refused, not misread. */
    @Test
    void refusesACorruptState() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeDouble(RATE);
        out.writeInt(2); // classes
        out.writeLong(10); // version
        out.writeInt(1); // members
        IOException refused = assertThrows(IOException.class, () -> new KalmanRlsEnsembleCodec().read(
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 1));
        assertEquals("Corrupt Kalman and RLS ensemble: 1 members", refused.getMessage());
    }

    /** Accuracy of the default learner is the same whatever the class numbering (as for NoChangeSwitch). */
    @Test
    void accuracyIsTheSameWhateverTheClassNumbering() {
        double[][] features = seaFeatures(7, 3000);
        int[] labels = threeClassLabels(features, 8);
        int[] reference = new int[labels.length];
        NoChangeSwitch<BestMemberEnsemble> model = newEnsembleSwitch(2);
        for (int t = 0; t < labels.length; t++) {
            reference[t] = Learners.argmax(model.predictProbabilities(features[t]));
            model.learn(features[t], labels[t]);
        }
        Random random = new Random(9);
        for (int trial = 0; trial < 3; trial++) {
            int[] renumbering = random.ints(0, 40).distinct().limit(3).toArray();
            NoChangeSwitch<BestMemberEnsemble> renumbered = newEnsembleSwitch(2);
            for (int t = 0; t < labels.length; t++) {
                int expected = reference[t] < 0 ? -1 : renumbering[reference[t]];
                assertEquals(expected, Learners.argmax(renumbered.predictProbabilities(features[t])),
                        "record " + t + " under renumbering " + Arrays.toString(renumbering));
                renumbered.learn(features[t], renumbering[labels[t]]);
            }
        }
    }

    @Test
    void badInputChangesNothing() {
        BestMemberEnsemble ensemble = new BestMemberEnsemble(rlsMembers(2, 0.9, 0.99), RATE);
        ensemble.learn(new double[] {1, 2}, 1);
        assertThrows(IllegalArgumentException.class, () -> ensemble.learn(new double[] {1, Double.NaN}, 0));
        assertThrows(IllegalArgumentException.class, () -> ensemble.learn(new double[] {1, 2}, -1));
        assertThrows(IllegalArgumentException.class, () -> ensemble.learn(new double[] {1, 2, 3}, 0));
        assertEquals(1, ensemble.version());
        for (OnlineClassifier member : ensemble.members()) {
            assertEquals(1, member.version());
        }
        assertThrows(IllegalArgumentException.class, () -> new BestMemberEnsemble(List.of(), RATE));
        assertThrows(IllegalArgumentException.class, () -> new BestMemberEnsemble(rlsMembers(2, 0.9), 0));
        assertThrows(IllegalArgumentException.class, () -> new BestMemberEnsemble(List.of(ensemble), RATE));
    }
}
