package io.flinkdrift.core.conformal;

import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.core.state.StateFixtureFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Deterministic conformal controller states whose codec bytes are kept as fixtures under
 * {@code src/test/resources/conformal/NAME-vVERSION.bin} (the format version as an int, then the
 * codec's bytes, as {@code CodecSerializer} stores them). Regenerate the current format's files with
 * {@code java -cp ... io.flinkdrift.core.conformal.ConformalStateFixtures operators/src/test/resources/conformal};
 * older formats' files were written by the release that wrote that format and must never change.
 */
final class ConformalStateFixtures {

    static final LambdaGrid GRID = LambdaGrid.linspace(0, 2, 41);

    /** A named controller state, its codec and how it is built. */
    static final class Fixture<T> {
        final StateCodec<T> codec;
        final Supplier<T> state;

        Fixture(StateCodec<T> codec, Supplier<T> state) {
            this.codec = codec;
            this.state = state;
        }
    }

    static Map<String, Fixture<?>> all() {
        Map<String, Fixture<?>> fixtures = new LinkedHashMap<>();
        fixtures.put("decaying-loss-sums", new Fixture<>(new DecayingLossSumsCodec(), () -> {
            DecayWeightedRiskController controller = new DecayWeightedRiskController(
                    new RiskTarget(GRID, 0.1, 1), ExponentialDecay.perArrival(0.99));
            DecayingLossSums state = controller.newState();
            SplittableRandom random = new SplittableRandom(2026);
            for (int i = 0; i < 400; i++) {
                controller.update(state, 2L * i, BruteForceCrc.randomCurve(random, GRID));
                controller.select(state, 2L * i + 1);
            }
            return state;
        }));
        fixtures.put("calibration-buffer", new Fixture<>(new CalibrationBufferCodec(), () -> {
            SimilarityWeightedRiskController controller = new SimilarityWeightedRiskController(
                    new RiskTarget(GRID, 0.2, 1), 30, Similarity.gaussian(1));
            CalibrationBuffer buffer = controller.newState();
            SplittableRandom random = new SplittableRandom(2027);
            for (int i = 0; i < 45; i++) {
                controller.update(buffer, random.doubles(3).toArray(), BruteForceCrc.randomCurve(random, GRID));
                controller.select(buffer, random.doubles(3).toArray());
            }
            return buffer;
        }));
        fixtures.put("adaptive-risk-state", new Fixture<>(new AdaptiveRiskStateCodec(), () -> fed(
                new AdaptiveRiskController(new DecayWeightedRiskController(
                        new RiskTarget(GRID, 0.1, 1), ExponentialDecay.perArrival(0.99)), 0.02), 2028)));
        fixtures.put("pid-risk-state", new Fixture<>(new PidRiskStateCodec(), () -> fed(
                new PidRiskController(new RiskTarget(GRID, 0.1, 1), 0.05, 0.5, 5), 2029)));
        fixtures.put("rho-experts-state", new Fixture<>(new RhoExpertsStateCodec(), () -> fed(
                new RhoExpertsRiskController(new RiskTarget(GRID, 0.1, 1), new double[] {0.95, 0.99, 1}, 100, 0.05,
                        0.05), 2030)));
        return fixtures;
    }

    /** The state of {@code controller} after 400 answered and fed-back elements, alternately calibrating. */
    private static <S> S fed(RiskController<S> controller, long seed) {
        S state = controller.newState();
        SplittableRandom random = new SplittableRandom(seed);
        for (int n = 0; n < 400; n++) {
            int shown = controller.select(state, n, n, new double[0]).gridIndex();
            controller.update(state, new LabelledElement(
                    n, n, new double[0], BruteForceCrc.randomCurve(random, GRID), shown, n % 2 == 0));
        }
        return state;
    }

    /** The fixture's state in the current format, as the fixture files hold it. */
    static <T> byte[] currentBytes(Fixture<T> fixture) {
        return StateFixtureFiles.encode(fixture.codec, fixture.state.get());
    }

    public static void main(String[] args) throws IOException {
        for (Map.Entry<String, Fixture<?>> entry : all().entrySet()) {
            save(Path.of(args[0]), entry.getKey(), entry.getValue());
        }
    }

    private static <T> void save(Path directory, String name, Fixture<T> fixture) throws IOException {
        StateFixtureFiles.save(directory, name, fixture.codec, fixture.state.get());
    }
}
