package io.flinkdrift.core.learners.rls;

import io.flinkdrift.core.learners.FrozenStandardizer;
import io.flinkdrift.core.state.StateCodec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import static io.flinkdrift.core.learners.rls.RlsRecursionTest.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Feature map, standardisation, input validation and codec round trips. */
class RvflFeaturesAndStateTest {

    @Test
    void zeroEnhancementNodesGiveTheRawInputsPlusOptionalBias() {
        double[] z = {0.5, -2.0, 7.25};
        RandomFeatureMap withBias = new RandomFeatureMap(RlsConfig.builder(3).plainRls().build());
        double[] h = new double[withBias.outputDimension()];
        withBias.map(z, h);
        assertArrayEquals(new double[] {0.5, -2.0, 7.25, 1.0}, h, 0.0);

        RandomFeatureMap noBias = new RandomFeatureMap(RlsConfig.builder(3).plainRls().bias(false).build());
        double[] raw = new double[noBias.outputDimension()];
        noBias.map(z, raw);
        assertArrayEquals(z, raw, 0.0);
    }

    @Test
    void enhancementNodesAreSigmoidsOfOrthonormalProjectionsWhenNodesPerGroupAtMostInputs() {
        RlsConfig config = RlsConfig.builder(6).enhancementGroups(3).nodesPerGroup(4).seed(9).build();
        RandomFeatureMap map = new RandomFeatureMap(config);
        assertEquals(6 + 12 + 1, map.outputDimension());
        for (int group = 0; group < 3; group++) {
            for (int a = 0; a < 4; a++) {
                for (int b = 0; b < 4; b++) {
                    double dot = 0;
                    for (int i = 0; i < 6; i++) {
                        dot += map.weight(group, i, a) * map.weight(group, i, b);
                    }
                    assertEquals(a == b ? 1.0 : 0.0, dot, 1e-12);
                }
            }
        }
        double[] z = gaussian(new SplittableRandom(1), 6);
        double[] h = new double[map.outputDimension()];
        map.map(z, h);
        // node c of group g is sigmoid(z . W_g[:, c] + b_g), with b_g shared by the group: recover b_g
        for (int group = 0; group < 3; group++) {
            double[] offsets = new double[4];
            for (int c = 0; c < 4; c++) {
                double activation = h[6 + group * 4 + c];
                assertTrue(activation > 0 && activation < 1);
                double projection = 0;
                for (int i = 0; i < 6; i++) {
                    projection += z[i] * map.weight(group, i, c);
                }
                offsets[c] = Math.log(activation / (1 - activation)) - projection;
                assertTrue(Math.abs(offsets[c]) <= 1.0 + 1e-9);
            }
            for (int c = 1; c < 4; c++) {
                assertEquals(offsets[0], offsets[c], 1e-9);
            }
        }
    }

    @Test
    void featuresAreAFunctionOfTheSeedAndSurviveACodecRoundTrip() throws IOException {
        RlsConfig config = RlsConfig.builder(4).seed(1234).standardizationSamples(0).build();
        RvflRegressor model = new RvflRegressor(config);
        SplittableRandom random = new SplittableRandom(5);
        for (int t = 0; t < 50; t++) {
            double[] x = gaussian(random, 4);
            model.learn(x, x[0] * x[1]);
        }
        RvflRegressor restored = roundTrip(new RvflRegressorCodec(), model);
        double[] z = gaussian(random, 4);
        double[] original = new double[config.featureDimension()];
        double[] regenerated = new double[config.featureDimension()];
        new RandomFeatureMap(model.network().config()).map(z, original);
        new RandomFeatureMap(restored.network().config()).map(z, regenerated);
        assertArrayEquals(original, regenerated, 0.0);

        double[] otherSeed = new double[config.featureDimension()];
        new RandomFeatureMap(RlsConfig.builder(4).seed(1235).build()).map(z, otherSeed);
        assertNotEquals(original[10], otherSeed[10]);
    }

    @Test
    void classifierRoundTripContinuesBitIdenticallyIncludingDuringStandardization() throws IOException {
        RlsConfig config = RlsConfig.builder(3).standardizationSamples(40).reregularizationPeriod(25).seed(2).build();
        RvflClassifier model = new RvflClassifier(config);
        SplittableRandom random = new SplittableRandom(3);
        for (int t = 0; t < 200; t++) {
            if (t == 17 || t == 77) {
                model = roundTrip(new RvflClassifierCodec(), model);
            }
            double[] x = gaussian(random, 3);
            int label = x[0] > 0.3 ? 2 : (x[1] > 0 ? 1 : 0);
            RvflClassifier twin = roundTrip(new RvflClassifierCodec(), model);
            assertArrayEquals(model.predictProbabilities(x), twin.predictProbabilities(x), 0.0);
            assertEquals(model.version(), twin.version());
            model.learn(x, label);
            twin.learn(x, label);
            assertArrayEquals(model.network().rls().weightColumns()[model.numClasses() - 1],
                    twin.network().rls().weightColumns()[twin.numClasses() - 1], 0.0);
        }
    }

    @Test
    void standardizationIsFittedOnTheInitialBatchThenTheBatchIsReplayed() {
        int batch = 30;
        RlsConfig standardizing = RlsConfig.builder(3).enhancementGroups(2).nodesPerGroup(3)
                .standardizationSamples(batch).build();
        RlsConfig raw = RlsConfig.builder(3).enhancementGroups(2).nodesPerGroup(3).standardizationSamples(0).build();
        SplittableRandom random = new SplittableRandom(8);
        double[][] xs = new double[100][];
        double[] ys = new double[100];
        for (int t = 0; t < 100; t++) {
            double[] x = gaussian(random, 3);
            xs[t] = new double[] {10 + 5 * x[0], -3 + 0.1 * x[1], x[2]};
            ys[t] = x[0] - x[1];
        }
        RvflRegressor model = new RvflRegressor(standardizing);
        for (int t = 0; t < batch; t++) {
            assertEquals(0.0, model.predict(xs[t]), 0.0);
            model.learn(xs[t], ys[t]);
        }
        FrozenStandardizer expected = FrozenStandardizer.fit(xs, batch);
        RvflRegressor reference = new RvflRegressor(raw);
        for (int t = 0; t < 100; t++) {
            double[] z = new double[3];
            expected.apply(xs[t], z);
            if (t >= batch) {
                model.learn(xs[t], ys[t]);
            }
            reference.learn(z, ys[t]);
        }
        double[] query = {12, -3.05, 0.4};
        double[] zQuery = new double[3];
        expected.apply(query, zQuery);
        assertEquals(reference.predict(zQuery), model.predict(query), 1e-12);
        double mean0 = 0;
        for (int t = 0; t < batch; t++) {
            mean0 += xs[t][0] / batch;
        }
        assertEquals(mean0, expected.mean()[0], 1e-12);
    }

    @Test
    void badInputIsRejectedOrSkippedWithoutCorruptingTheModel() {
        RvflClassifier model = new RvflClassifier(RlsConfig.builder(2).plainRls().build());
        assertEquals(0, model.predictProbabilities(new double[] {1, 2}).length);
        assertThrows(IllegalArgumentException.class, () -> model.learn(new double[] {1, 2, 3}, 0));
        assertThrows(IllegalArgumentException.class, () -> model.predictProbabilities(new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> model.learn(new double[] {1, 2}, -1));
        model.learn(new double[] {1, 2}, 1);
        model.learn(new double[] {Double.NaN, 2}, 0);
        model.learn(new double[] {1, Double.POSITIVE_INFINITY}, 0);
        assertEquals(3, model.version());
        assertEquals(2, model.network().skippedExamples());
        assertEquals(1, model.network().rls().updates());
        assertArrayEquals(new double[] {0.5, 0.5}, model.predictProbabilities(new double[] {Double.NaN, 0}), 0.0);
        assertTrue(model.predictProbabilities(new double[] {1, 2})[1] > 0.5);

        RvflRegressor regressor = new RvflRegressor(RlsConfig.builder(2).plainRls().build());
        assertThrows(IllegalArgumentException.class, () -> regressor.predict(new double[3]));
        regressor.learn(new double[] {1, 1}, Double.NaN);
        assertEquals(0, regressor.network().rls().updates());
    }

    @Test
    void configurationIsValidatedWithTheParameterName() {
        assertEquals(1.0 / (1.003 * 1.003), RlsConfig.builder(2).build().forgetting(), 0.0);
        assertEquals(2 + 100 + 1, RlsConfig.builder(2).build().featureDimension());
        assertMessage("inputDimension", () -> RlsConfig.builder(0).build());
        assertMessage("forgetting", () -> RlsConfig.builder(2).forgetting(0).build());
        assertMessage("forgetting", () -> RlsConfig.builder(2).forgetting(1.01).build());
        assertMessage("forgetting", () -> RlsConfig.builder(2).forgetting(Double.NaN).build());
        assertMessage("regularization", () -> RlsConfig.builder(2).regularization(0).build());
        assertMessage("enhancementGroups", () -> RlsConfig.builder(2).enhancementGroups(-1).build());
        assertMessage("nodesPerGroup", () -> RlsConfig.builder(2).nodesPerGroup(0).build());
        assertMessage("reregularizationPeriod", () -> RlsConfig.builder(2).reregularizationPeriod(-1).build());
        assertMessage("standardizationSamples", () -> RlsConfig.builder(2).standardizationSamples(-1).build());
        assertMessage("theta", () -> RlsConfig.builder(2).theta(0.9));
        assertMessage("must be <= 1024", () -> RlsConfig.builder(2).enhancementGroups(100).nodesPerGroup(100).build());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    static <T> T roundTrip(StateCodec<T> codec, T value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        codec.write(value, new DataOutputStream(bytes));
        return codec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), codec.version());
    }
}
