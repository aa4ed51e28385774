package io.flinkdrift.generators;

import io.flinkdrift.records.Example;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The index-addressable contract of {@link DriftGenerator}, checked for every built-in generator. */
class DriftGeneratorContractTest {

    private static final int N = 2_000;

    @ParameterizedTest
    @ValueSource(strings = {"sea", "hyperplane", "mixture", "mixture?mode=abrupt&period=100", "rbf",
            "rbf?swapEvery=100"})
    void sameSeedGivesIdenticalSequenceAndOtherSeedDiffers(String spec) {
        List<Example> first = sequence(Generators.fromSpec(spec + separator(spec) + "seed=7"));
        List<Example> again = sequence(Generators.fromSpec(spec + separator(spec) + "seed=7"));
        List<Example> other = sequence(Generators.fromSpec(spec + separator(spec) + "seed=8"));

        assertEquals(first, again);
        int differentFeatures = 0;
        for (int i = 0; i < N; i++) {
            if (!Arrays.equals(first.get(i).features, other.get(i).features)) {
                differentFeatures++;
            }
        }
        assertEquals(N, differentFeatures, "every record should differ under another seed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sea", "hyperplane", "mixture", "rbf"})
    void recordDependsOnlyOnItsIndexNotOnGenerationOrder(String spec) {
        DriftGenerator generator = Generators.fromSpec(spec);
        List<Example> forward = sequence(generator);
        for (int i = N - 1; i >= 0; i -= 3) {
            assertEquals(forward.get(i), generator.generate(i));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sea", "hyperplane", "mixture", "rbf"})
    void javaSerializedCopyGeneratesTheSameRecords(String spec) throws Exception {
        DriftGenerator generator = Generators.fromSpec(spec + "?seed=3");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(generator);
        }
        DriftGenerator copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (DriftGenerator) in.readObject();
        }
        assertEquals(sequence(generator), sequence(copy));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sea", "hyperplane", "mixture", "rbf"})
    void framesIdKeyAndEventTime(String spec) {
        DriftGenerator generator = Generators.fromSpec(spec + "?keys=3&intervalMs=5");
        for (long i = 0; i < 10; i++) {
            Example example = generator.generate(i);
            assertEquals(i, example.id);
            assertEquals("k" + (i % 3), example.key);
            assertEquals(5 * i, example.timestamp);
            assertEquals(generator.dimension(), example.features.length);
            assertEquals(true, example.label >= 0 && example.label < generator.numClasses());
        }
        Example unkeyed = Generators.fromSpec(spec).generate(123);
        assertEquals(Example.DEFAULT_KEY, unkeyed.key);
        assertEquals(123, unkeyed.timestamp);
        assertNotEquals(Example.UNKNOWN_CONCEPT, unkeyed.concept);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sea", "hyperplane", "mixture", "rbf"})
    void rejectsNegativeIndex(String spec) {
        DriftGenerator generator = Generators.fromSpec(spec);
        assertThrows(IllegalArgumentException.class, () -> generator.generate(-1));
    }

    private static String separator(String spec) {
        return spec.contains("?") ? "&" : "?";
    }

    private static List<Example> sequence(DriftGenerator generator) {
        List<Example> examples = new ArrayList<>(N);
        for (long i = 0; i < N; i++) {
            examples.add(generator.generate(i));
        }
        return examples;
    }
}
