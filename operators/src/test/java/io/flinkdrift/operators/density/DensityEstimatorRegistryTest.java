package io.flinkdrift.operators.density;

import io.flinkdrift.core.density.DensityEstimator;
import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.operators.learners.ParamValues;
import io.flinkdrift.operators.params.ParamText;
import io.flinkdrift.operators.state.KeyedStateSpec;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The declarations of {@link DensityEstimatorRegistry}: the defaults the {@code density} job has
 * always used, params set from text as the SQL function gives them, and each declaration's codec
 * restoring the estimator its factory builds.
 */
class DensityEstimatorRegistryTest {

    @Test
    void theDefaultsAreTheJobsDefaults() {
        DensityEstimatorDeclaration<?> kde = DensityEstimatorRegistry.find("kde");
        assertArrayEquals(new Double[] {0.0}, (Double[]) kde.params().get(HasGrid.GRID_LO));
        assertArrayEquals(new Double[] {1.0}, (Double[]) kde.params().get(HasGrid.GRID_HI));
        assertEquals(16, kde.params().get(HasGrid.BINS));
        assertEquals(12, kde.params().get(HasWindowSelection.MAX_WINDOW_EXPONENT));
        assertEquals(4, kde.params().get(HasWindowSelection.MIN_WINDOW_EXPONENT));
        assertEquals(32, kde.params().get(HasWindowSelection.RESELECT_EVERY));
        assertEquals(0.1, kde.params().get(HasWindowSelection.DELTA));
        assertEquals(1.0, kde.params().get(HasWindowSelection.THRESHOLD_MULTIPLIER));
        assertEquals(0, ((Double[]) kde.params().get(HasBandwidth.BANDWIDTH)).length);
        assertEquals(4096, DensityEstimatorRegistry.find("fixed").params().get(HasWindow.WINDOW));
        assertEquals(0.999, DensityEstimatorRegistry.find("exponential").params().get(HasDecay.DECAY));
        DensityEstimatorDeclaration<?> experts = DensityEstimatorRegistry.find(DensityEstimatorRegistry.DEFAULT_ESTIMATOR);
        assertEquals(3, experts.params().get(HasExperts.EXPERT_MIN_EXPONENT));
        assertEquals(30, experts.params().get(HasExperts.EXPERT_MAX_EXPONENT));
        assertEquals(1.0 / 1024, experts.params().get(HasExperts.SWITCH_RATE));
        assertEquals(true, experts.params().get(HasExperts.GROW_GRID));
    }

    @Test
    void namesAreUniqueAndFoundIgnoringCase() {
        Set<String> names = new HashSet<>();
        for (DensityEstimatorDeclaration<?> declaration : DensityEstimatorRegistry.ESTIMATORS) {
            assertTrue(names.add(declaration.name()), declaration.name());
            assertSame(declaration, DensityEstimatorRegistry.find(" " + declaration.name().toUpperCase() + " "));
            assertEquals(declaration, DensityBuilder.Estimator.named(declaration.name()).declaration());
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> DensityEstimatorRegistry.find("parzen"));
        assertEquals("--estimator must be one of adaptive, fixed, exponential, kde, experts, got 'parzen'",
                unknown.getMessage());
    }

    @Test
    void paramsSetFromTextBuildTheSameEstimatorAsTheBuilder() {
        DensityEstimatorDeclaration<?> kde = DensityEstimatorRegistry.find("kde");
        ParamValues values = kde.defaultValues();
        ParamText.set(kde, values, "gridLo", "-3; -2");
        ParamText.set(kde, values, "gridHi", "3;2");
        ParamText.set(kde, values, "bins", "8.0");
        ParamText.set(kde, values, "maxWindowExponent", "9");
        ParamText.set(kde, values, "minWindowExponent", "3");
        ParamText.set(kde, values, "reselectEvery", "16");
        ParamText.set(kde, values, "delta", "0.05");
        ParamText.set(kde, values, "thresholdMultiplier", "0.7");
        ParamText.set(kde, values, "bandwidth", "0.5");
        DensityBuilder builder = DensityBuilder.of(DensityBuilder.Estimator.KDE)
                .grid(new double[] {-3, -2}, new double[] {3, 2}, 8).windowSelection(9, 3, 16, 0.05, 0.7)
                .bandwidth(0.5);
        DensityBuilderTest.assertSameScores(builder.factory().create(2), kde.factory(values).create(2));

        assertEquals("estimator kde has no param 'window'; its params are gridLo, gridHi, bins, "
                        + "maxWindowExponent, minWindowExponent, reselectEvery, delta, thresholdMultiplier, bandwidth",
                assertThrows(IllegalArgumentException.class, () -> ParamText.set(kde, values, "window", "8"))
                        .getMessage());
        assertEquals("param bins: 2.5 is not a whole number", assertThrows(IllegalArgumentException.class,
                () -> ParamText.set(kde, values, "bins", "2.5")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ParamText.set(kde, values, "delta", "1"))
                .getMessage().startsWith("param delta 1.0 is invalid"));
        assertThrows(IllegalArgumentException.class, () -> ParamText.set(kde, values, "bandwidth", "1;-1"));
        assertThrows(IllegalArgumentException.class,
                () -> DensityBuilder.of(DensityBuilder.Estimator.FIXED).decay(0.5));
    }

    /** The codec each declaration names keeps the estimator its factory builds, mid-stream. */
    @Test
    void eachCodecRestoresItsEstimator() {
        for (DensityEstimatorDeclaration<?> declaration : DensityEstimatorRegistry.ESTIMATORS) {
            ParamValues values = declaration.defaultValues();
            ParamText.set(declaration, values, "gridLo", "-4");
            ParamText.set(declaration, values, "gridHi", "4");
            assertRestores(declaration, values);
        }
    }

    private static <E extends DensityEstimator> void assertRestores(DensityEstimatorDeclaration<E> declaration,
            ParamValues values) {
        KeyedStateSpec<E> factory = declaration.factory(values);
        E estimator = factory.create(2);
        SplittableRandom random = new SplittableRandom(5);
        for (int t = 0; t < 700; t++) {
            estimator.add(new double[] {random.nextGaussian(), random.nextGaussian()});
        }
        StateCodec<E> codec;
        try {
            codec = declaration.codecClass().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        DensityBuilderTest.assertSameScores(estimator, codec.copy(estimator));
    }
}
