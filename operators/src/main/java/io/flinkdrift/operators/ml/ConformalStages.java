package io.flinkdrift.operators.ml;

import io.flinkdrift.operators.conformal.ConformalBuilder;
import io.flinkdrift.operators.conformal.ConformalControllerDeclaration;
import io.flinkdrift.operators.conformal.ConformalLossDeclaration;
import io.flinkdrift.operators.conformal.ConformalRegistry;
import io.flinkdrift.operators.conformal.KeyedConformal;
import io.flinkdrift.operators.learners.ParamValues;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.WithParams;
import org.apache.flink.ml.util.ParamUtils;

import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * What the two conformal stages ({@link RegisteredConformalEstimator}, {@link
 * RegisteredConformalModel}) share: params made of the stage's own and those of its controller's and
 * loss's declarations (at their defaults), the refusal of a param neither takes with {@link
 * ConformalBuilder}'s message, the validated keyed conformal step of the param values, and the
 * controller's and loss's names in the saved metadata (as {@link DensityStages}).
 */
final class ConformalStages {

    private static final String CONTROLLER = "conformalController";
    private static final String LOSS = "conformalLoss";

    private ConformalStages() {}

    /** The params of {@code stage}: its own at their defaults, then {@code controller}'s and {@code loss}'s. */
    static Map<Param<?>, Object> params(WithParams<?> stage, ConformalControllerDeclaration controller,
            ConformalLossDeclaration loss) {
        Map<Param<?>, Object> params = new HashMap<>();
        ParamUtils.initializeMapWithDefaultValues(params, stage);
        params.putAll(controller.params());
        params.putAll(loss.params());
        return params;
    }

    /**
     * @throws IllegalArgumentException with {@link ConformalBuilder}'s message ("param rho does not
     *     apply to controller pid or loss interval"), if {@code param} is not one of {@code params}
     */
    static void checkTakes(Map<Param<?>, Object> params, ConformalControllerDeclaration controller,
            ConformalLossDeclaration loss, Param<?> param) {
        if (!params.containsKey(param)) {
            ConformalBuilder.forLoss(loss).controller(controller).setAll(
                    new ParamValues(Collections.singletonMap(param, param.defaultValue)))
                    .controllerValues();
        }
    }

    /**
     * The keyed conformal step of {@code stage}'s controller and loss param values, as the {@code
     * conformal} job builds it.
     *
     * @throws IllegalArgumentException naming the first invalid setting or combination, e.g. a risk
     *     level the split can never meet or weights the controller does not take
     */
    static KeyedConformal<?> conformal(WithParams<?> stage, ConformalControllerDeclaration controller,
            ConformalLossDeclaration loss) {
        Map<Param<?>, Object> values = new LinkedHashMap<>();
        for (Param<?> param : controller.params().keySet()) {
            values.put(param, stage.get(param));
        }
        for (Param<?> param : loss.params().keySet()) {
            values.put(param, stage.get(param));
        }
        return ConformalBuilder.forLoss(loss).controller(controller).setAll(new ParamValues(values)).build();
    }

    /** The extra metadata saved with a stage of {@code controller} and {@code loss}. */
    static Map<String, String> metadata(ConformalControllerDeclaration controller, ConformalLossDeclaration loss) {
        return Map.of(CONTROLLER, controller.name(), LOSS, loss.name());
    }

    /**
     * The stage saved at {@code path}: {@code create} applied to the saved controller and loss, with
     * the saved param values.
     *
     * @throws IOException if the metadata is unreadable or names an unknown controller or loss
     */
    static <S extends WithParams<S>> S load(String path,
            BiFunction<ConformalControllerDeclaration, ConformalLossDeclaration, S> create) throws IOException {
        return LearnerStages.loadStage(path, metadata -> create.apply(
                ConformalRegistry.controller((String) metadata.get(CONTROLLER)),
                ConformalRegistry.loss((String) metadata.get(LOSS))));
    }
}
