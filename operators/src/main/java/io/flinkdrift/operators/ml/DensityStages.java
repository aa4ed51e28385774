package io.flinkdrift.operators.ml;

import io.flinkdrift.operators.density.DensityEstimatorDeclaration;
import io.flinkdrift.operators.density.DensityEstimatorRegistry;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.WithParams;
import org.apache.flink.ml.util.ParamUtils;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What the two density stages ({@link RegisteredDensityEstimator}, {@link RegisteredDensityModel})
 * share: params made of the stage's own and its estimator's (from the estimator's {@link
 * DensityEstimatorDeclaration}, at its defaults), the refusal of a param the estimator does not
 * take, and the estimator's name in the saved metadata (see {@link LearnerStages}).
 */
final class DensityStages {

    private static final String ESTIMATOR = "densityEstimator";

    private DensityStages() {}

    /** The params of {@code stage}: its own at their defaults, then {@code declaration}'s. */
    static Map<Param<?>, Object> params(WithParams<?> stage, DensityEstimatorDeclaration<?> declaration) {
        Map<Param<?>, Object> params = new HashMap<>();
        ParamUtils.initializeMapWithDefaultValues(params, stage);
        params.putAll(declaration.params());
        return params;
    }

    /**
     * @throws IllegalArgumentException with the registry's message naming the estimator's params,
     *     if {@code param} is not one of {@code params}
     */
    static void checkTakes(Map<Param<?>, Object> params, DensityEstimatorDeclaration<?> declaration, Param<?> param) {
        if (!params.containsKey(param)) {
            declaration.param(param.name);
        }
    }

    /** The extra metadata saved with a stage of {@code declaration}. */
    static Map<String, String> metadata(DensityEstimatorDeclaration<?> declaration) {
        return Map.of(ESTIMATOR, declaration.name());
    }

    /**
     * The stage saved at {@code path}: {@code create} applied to the saved estimator, with the saved
     * param values.
     *
     * @throws IOException if the metadata is unreadable or names an unknown estimator
     */
    static <S extends WithParams<S>> S load(String path, Function<DensityEstimatorDeclaration<?>, S> create)
            throws IOException {
        return LearnerStages.loadStage(path,
                metadata -> create.apply(DensityEstimatorRegistry.find((String) metadata.get(ESTIMATOR))));
    }
}
