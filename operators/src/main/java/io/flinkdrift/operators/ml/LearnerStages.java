package io.flinkdrift.operators.ml;

import io.flinkdrift.operators.learners.LearnerRegistry;
import io.flinkdrift.operators.learners.LearnerDeclaration;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.WithParams;
import org.apache.flink.ml.util.FileUtils;

import java.io.IOException;
import java.util.Map;
import java.util.function.Function;

/**
 * Saving and loading which learner a Flink ML stage of this package is for: the stage metadata
 * carries the learner's task and name, so a stage whose params depend on the learner (see {@link
 * RegisteredLearner}) can be rebuilt before its param values are read. The density stages save
 * their estimator's name the same way ({@link DensityStages}).
 */
final class LearnerStages {

    private static final String TASK = "learnerTask";
    private static final String LEARNER = "learner";

    private LearnerStages() {}

    /** The extra metadata saved with a stage of {@code declaration}. */
    static Map<String, String> metadata(LearnerDeclaration<?> declaration) {
        return Map.of(TASK, declaration.task().name(), LEARNER, declaration.name());
    }

    /**
     * The stage saved at {@code path}: {@code create} applied to the saved learner, with the saved
     * param values.
     *
     * @throws IOException if the metadata is unreadable or names an unknown learner
     */
    static <S extends WithParams<S>> S load(String path, Function<LearnerDeclaration<?>, S> create)
            throws IOException {
        return loadStage(path, metadata -> create.apply(LearnerRegistry.find(
                LearnerDeclaration.Task.valueOf((String) metadata.get(TASK)), (String) metadata.get(LEARNER))));
    }

    /**
     * The stage saved at {@code path}: {@code create} applied to its saved metadata, with the saved
     * param values. Shared by the stages of every registry.
     *
     * @param create the stage the metadata describes; throws {@link IllegalArgumentException} or
     *     {@link NullPointerException} when the metadata names nothing of this release
     * @throws IOException if the metadata is unreadable or names nothing of this release
     */
    static <S extends WithParams<S>> S loadStage(String path, Function<Map<String, ?>, S> create)
            throws IOException {
        Map<String, ?> metadata = FileUtils.loadMetadata(path, "");
        S stage;
        try {
            stage = create.apply(metadata);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException("No method of this release matches the stage saved at " + path, e);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) metadata.get("paramMap");
        for (Map.Entry<String, Object> saved : params.entrySet()) {
            set(stage, stage.getParam(saved.getKey()), saved.getValue());
        }
        return stage;
    }

    private static <V> void set(WithParams<?> stage, Param<V> param, Object json) throws IOException {
        if (param == null) {
            throw new IOException("Saved param is not a param of this release");
        }
        stage.set(param, param.jsonDecode(json));
    }
}
