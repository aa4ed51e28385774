package io.flinkdrift.generators;

import io.flinkdrift.generators.DriftingGaussianMixtureGenerator.Mode;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratorsTest {

    @Test
    void bareNamesUseTheDocumentedDefaults() {
        assertSameRecords(
                new SeaGenerator(StreamSettings.ofSeed(42), 12_500, 0.1), Generators.fromSpec("sea"));
        assertSameRecords(new RotatingHyperplaneGenerator(StreamSettings.ofSeed(42), 10, 1e-4, 10_000, 0.1),
                Generators.fromSpec("hyperplane"));
        assertSameRecords(new DriftingGaussianMixtureGenerator(StreamSettings.ofSeed(42), 2, 3, 1.0, 5.0,
                        Mode.GRADUAL, 1e-4, 10_000, 0.5, 50_000),
                Generators.fromSpec("mixture"));
        DriftGenerator sea = Generators.fromSpec("sea");
        assertInstanceOf(SeaGenerator.class, sea);
        assertEquals(0, sea.generate(12_499).concept);
        assertEquals(1, sea.generate(12_500).concept);
    }

    @Test
    void parametersOverrideDefaults() {
        assertSameRecords(new SeaGenerator(new StreamSettings(7, 4, 10), 100, 0.0),
                Generators.fromSpec("sea?seed=7&keys=4&intervalMs=10&changeEvery=100&noise=0"));
        assertSameRecords(new RotatingHyperplaneGenerator(StreamSettings.ofSeed(42), 3, 0.01, 50, 0.05),
                Generators.fromSpec(" hyperplane?dimension=3&driftSpeed=0.01&conceptLength=50&noise=0.05 "));
        assertSameRecords(new DriftingGaussianMixtureGenerator(StreamSettings.ofSeed(-3), 5, 4, 0.25, 2.0,
                        Mode.ABRUPT, 0.5, 200, 0.9, 1_000),
                Generators.fromSpec("mixture?seed=-3&dimension=5&components=4&sigma=0.25&radius=2"
                        + "&mode=ABRUPT&driftSpeed=0.5&period=200&weightAmplitude=0.9&weightPeriod=1000"));
        assertEquals(4, Generators.fromSpec("mixture?components=4").numClasses());
        assertEquals(7, Generators.fromSpec("hyperplane?dimension=7").dimension());
        assertEquals(Generators.fromSpec("sea").generate(5), Generators.fromSpec("sea?").generate(5));
    }

    @Test
    void unknownNameListsTheValidNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Generators.fromSpec("stagger?seed=1"));
        assertTrue(e.getMessage().contains("unknown generator 'stagger'"), e.getMessage());
        assertTrue(e.getMessage().contains("sea, hyperplane, mixture"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Generators.fromSpec(""));
        assertThrows(IllegalArgumentException.class, () -> Generators.fromSpec(null));
        assertThrows(IllegalArgumentException.class, () -> Generators.fromSpec("SEA"));
    }

    @Test
    void unknownParameterListsTheGeneratorsParametersWithDefaults() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Generators.fromSpec("sea?noise=0.2&dimension=3"));
        assertTrue(e.getMessage().contains("unknown parameter 'dimension' for generator 'sea'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("changeEvery=12500"), e.getMessage());
        assertTrue(e.getMessage().contains("noise=0.1"), e.getMessage());
        assertTrue(e.getMessage().contains("seed=42"), e.getMessage());
    }

    @Test
    void malformedOrOutOfRangeValuesAreRejectedWithTheParameterName() {
        assertMessage("sea?noise=abc", "noise must be a number, got 'abc'");
        assertMessage("sea?noise=1.5", "noise must be in [0.0, 1.0]");
        assertMessage("sea?changeEvery=2.5", "changeEvery must be an integer, got '2.5'");
        assertMessage("hyperplane?dimension=1", "dimension must be >= 2");
        assertMessage("mixture?mode=sudden", "mode must be gradual or abrupt, got 'sudden'");
        assertMessage("mixture?sigma=-1", "sigma must be a finite number > 0");
        assertMessage("sea?keys=0", "keys must be >= 1");
        assertMessage("sea?noise", "parameter 'noise' has no value");
        assertMessage("sea?noise=0.1&noise=0.2", "parameter 'noise' is given twice");
        assertMessage("sea?noise=0.1&", "unknown parameter ''");
    }

    @Test
    void describeListsEveryGeneratorAndParameterWithItsDefault() {
        String help = Generators.describe();
        assertEquals(List.of("sea", "hyperplane", "mixture", "rbf"), Generators.names());
        for (String expected : List.of("sea", "hyperplane", "mixture", "seed=42", "keys=1", "intervalMs=1",
                "changeEvery=12500", "noise=0.1", "dimension=10", "driftSpeed=1.0E-4", "conceptLength=10000",
                "dimension=2", "components=3", "sigma=1.0", "radius=5.0", "mode=gradual", "period=10000",
                "weightAmplitude=0.5", "weightPeriod=50000")) {
            assertTrue(help.contains(expected), "missing '" + expected + "' in\n" + help);
        }
    }

    private static void assertMessage(String spec, String expected) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Generators.fromSpec(spec));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    private static void assertSameRecords(DriftGenerator expected, DriftGenerator actual) {
        assertEquals(expected.name(), actual.name());
        assertEquals(expected.toString(), actual.toString());
        for (long i = 0; i < 300; i += 7) {
            assertEquals(expected.generate(i), actual.generate(i));
        }
    }
}
