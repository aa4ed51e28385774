package io.flinkdrift.core.conformal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Controllers, losses and split rules are operator configuration, shipped with Java serialization. */
class ConformalSerializationTest {

    @SuppressWarnings("unchecked")
    private static <T> T javaRoundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void configurationSurvivesJavaSerializationAndBehavesTheSame() throws Exception {
        LambdaGrid grid = LambdaGrid.linspace(0, 2, 21);
        RiskTarget target = new RiskTarget(grid, 0.2, 1);
        DecayWeightedRiskController decayed =
                new DecayWeightedRiskController(target, ExponentialDecay.perEventTime(100));
        SimilarityWeightedRiskController similar =
                new SimilarityWeightedRiskController(target, 50, Similarity.gaussian(1));
        DecayWeightedRiskController decayedCopy = javaRoundTrip(decayed);
        SimilarityWeightedRiskController similarCopy = javaRoundTrip(similar);
        SplitRule split = javaRoundTrip(SplitRule.alternating());
        ConformalLoss<Double, Double> loss = javaRoundTrip(new AbsoluteIntervalLoss(1));
        assertEquals(grid, decayedCopy.target().grid());
        assertEquals(ExponentialDecay.Axis.EVENT_TIME, decayedCopy.decay().axis());

        SplittableRandom random = new SplittableRandom(41);
        DecayingLossSums original = decayed.newState();
        DecayingLossSums copied = decayedCopy.newState();
        CalibrationBuffer originalBuffer = similar.newState();
        CalibrationBuffer copiedBuffer = similarCopy.newState();
        for (long i = 0; i < 200; i++) {
            double[] curve = loss.lossCurve(0.0, random.nextGaussian(), grid);
            double[] features = {random.nextGaussian()};
            if (split.calibrates(i)) {
                decayed.update(original, 10 * i, curve);
                decayedCopy.update(copied, 10 * i, curve);
                similar.update(originalBuffer, features, curve);
                similarCopy.update(copiedBuffer, features, curve);
            } else {
                assertEquals(decayed.select(original, 10 * i), decayedCopy.select(copied, 10 * i));
                assertEquals(similar.select(originalBuffer, features), similarCopy.select(copiedBuffer, features));
            }
        }
        assertArrayEquals(decayed.weightedLossSums(original, 2000), decayedCopy.weightedLossSums(copied, 2000));
    }
}
