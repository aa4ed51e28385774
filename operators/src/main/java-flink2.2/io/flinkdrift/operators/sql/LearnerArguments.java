package io.flinkdrift.operators.sql;

import io.flinkdrift.core.learners.OnlineLearner;
import io.flinkdrift.operators.learners.LearnerDeclaration;
import io.flinkdrift.operators.learners.LearnerRegistry;
import io.flinkdrift.operators.learners.ParamValues;
import io.flinkdrift.operators.params.ParamText;

/**
 * The {@code learner} and {@code params} arguments of the prequential table functions: a learner
 * of {@link LearnerRegistry} by its {@code --learner} name, and its hyperparameters as {@code
 * name=value} pairs separated by commas, named as the learner's params ({@code
 * 'gamma=0.99,learnGamma=false'}); a param left out keeps the learner's default.
 */
final class LearnerArguments {

    private LearnerArguments() {}

    /**
     * The learner {@code learner} of {@code task} (the task's default learner when null) with {@code
     * params} (none when null), validated by building one model.
     *
     * @throws IllegalArgumentException for an unknown learner or param, or an invalid value
     */
    static BoundLearner<?> bind(LearnerDeclaration.Task task, String learner, String params) {
        LearnerDeclaration<?> declaration = learner == null
                ? LearnerRegistry.of(task).get(0) : LearnerRegistry.find(task, learner.trim());
        ParamValues values = declaration.defaultValues();
        SettingPairs.parse(params).forEach((name, value) -> ParamText.set(declaration, values, name, value));
        return bind(declaration, values);
    }

    private static <L extends OnlineLearner> BoundLearner<L> bind(LearnerDeclaration<L> declaration,
            ParamValues values) {
        return new BoundLearner<>(declaration.factory(values));
    }
}
