package io.flinkdrift.core.learners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkdrift.core.learners.LearnerStateRecipes.Recipe;
import io.flinkdrift.core.state.StateCodec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every learner state fixture under {@code src/test/resources/learners/} (state written by an
 * earlier or the current build, see {@link LearnerStateRecipes}) restores into a model that
 * predicts bit-identically to the model the recipe trains now, and keeps doing so while both learn
 * further. A fixture of the current format version is also re-written byte for byte.
 */
class LearnerStateFixturesTest {

    private static final int PROBES = 50;

    @TestFactory
    Stream<DynamicTest> everyFixtureRestoresToTheModelItsRecipeTrains() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Recipe<?> recipe : LearnerStateRecipes.all()) {
            for (Path fixture : fixtures(recipe)) {
                tests.add(DynamicTest.dynamicTest(fixture.getFileName().toString(), () -> check(recipe, fixture)));
            }
        }
        return tests.stream();
    }

    @Test
    void everyRecipeHasAFixtureOfItsCurrentFormat() throws IOException {
        for (Recipe<?> recipe : LearnerStateRecipes.all()) {
            String current = LearnerStateRecipes.fileName(recipe, recipe.codec().version());
            assertTrue(fixtures(recipe).stream().anyMatch(f -> f.getFileName().toString().equals(current)),
                    "missing fixture " + current + ": run LearnerStateRecipes.main");
        }
    }

    private static <L> void check(Recipe<L> recipe, Path fixture) throws IOException {
        byte[] bytes = Files.readAllBytes(fixture);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int version = in.readInt();
        StateCodec<L> codec = recipe.codec();
        L restored = codec.read(in, version);
        assertFalse(in.available() > 0, "bytes left after reading " + fixture.getFileName());
        if (version == codec.version()) {
            ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(rewritten);
            out.writeInt(version);
            codec.write(restored, out);
            assertArrayEquals(bytes, rewritten.toByteArray(), "current format not re-written byte for byte");
        }
        L expected = recipe.train();
        Random random = new Random(11);
        for (int t = 0; t < PROBES; t++) {
            double[] x = LearnerStateRecipes.features(random);
            assertArrayEquals(recipe.predict().predict(expected, x), recipe.predict().predict(restored, x), 0.0,
                    "prediction " + t + " of " + fixture.getFileName());
            double label = recipe.label(x, random);
            recipe.learn().learn(expected, x, label);
            recipe.learn().learn(restored, x, label);
        }
    }

    private static List<Path> fixtures(Recipe<?> recipe) throws IOException {
        Path directory;
        try {
            directory = Path.of(LearnerStateFixturesTest.class.getResource("/learners").toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().matches("\\Q" + recipe.name() + "\\E-v\\d+\\.bin"))
                    .sorted()
                    .toList();
        }
    }
}
