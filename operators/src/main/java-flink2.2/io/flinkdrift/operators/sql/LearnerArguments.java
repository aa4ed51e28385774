package io.flinkdrift.operators.sql;

import io.flinkdrift.core.learners.OnlineLearner;
import io.flinkdrift.operators.learners.LearnerDeclaration;
import io.flinkdrift.operators.learners.LearnerRegistry;
import io.flinkdrift.operators.learners.ParamValues;
import org.apache.flink.ml.param.Param;

import java.util.Locale;
import java.util.stream.Collectors;

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
        SettingPairs.parse(params).forEach((name, value) -> set(declaration, values, name, value));
        return bind(declaration, values);
    }

    private static <L extends OnlineLearner> BoundLearner<L> bind(LearnerDeclaration<L> declaration,
            ParamValues values) {
        return new BoundLearner<>(declaration.factory(values));
    }

    private static void set(LearnerDeclaration<?> declaration, ParamValues values, String name, String text) {
        Param<?> param = declaration.params().keySet().stream()
                .filter(p -> p.name.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("learner " + declaration.name() + " has no param '"
                        + name + "'; its params are " + declaration.params().keySet().stream()
                                .map(p -> p.name).collect(Collectors.joining(", "))));
        set(values, param, text);
    }

    @SuppressWarnings("unchecked")
    private static <V> void set(ParamValues values, Param<V> param, String text) {
        V value;
        try {
            value = (V) parse(param.clazz, text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("param " + param.name + ": '" + text + "' is not a "
                    + param.clazz.getSimpleName().toLowerCase(Locale.ROOT));
        }
        if (!param.validator.validate(value)) {
            throw new IllegalArgumentException("param " + param.name + " " + text + " is invalid: "
                    + param.description);
        }
        values.set(param, value);
    }

    private static Object parse(Class<?> type, String text) {
        if (type == Double.class) {
            return Double.parseDouble(text);
        } else if (type == Integer.class) {
            return Integer.parseInt(text);
        } else if (type == Long.class) {
            return Long.parseLong(text);
        } else if (type == Boolean.class) {
            if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                throw new NumberFormatException(text);
            }
            return Boolean.parseBoolean(text);
        }
        return text;
    }
}
