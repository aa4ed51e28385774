package io.flinkdrift.jobs.cli;

import io.flinkdrift.operators.learners.LearnerDeclaration;
import io.flinkdrift.operators.learners.LearnerRegistry;
import io.flinkdrift.operators.learners.ParamValues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.ml.param.BooleanParam;
import org.apache.flink.ml.param.DoubleParam;
import org.apache.flink.ml.param.IntParam;
import org.apache.flink.ml.param.LongParam;
import org.apache.flink.ml.param.Param;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The learner hyperparameter options of a job, generated from the params of the learners in {@link
 * LearnerRegistry}: one option per param name ({@code gammaLearningRate} becomes {@code
 * --gamma-learning-rate}), described by the param, listing the learners it applies to and each one's
 * default. An option that is not given leaves the chosen learner's default.
 */
public final class LearnerHyperparameters {

    private final Map<String, OptionSpec> options = new LinkedHashMap<>();

    private LearnerHyperparameters() {}

    /** Adds the options of every learner of {@code task} to {@code command}. */
    public static LearnerHyperparameters install(CommandSpec command, LearnerDeclaration.Task task) {
        LearnerHyperparameters hyperparameters = new LearnerHyperparameters();
        Map<String, List<LearnerDeclaration<?>>> users = new LinkedHashMap<>();
        Map<String, Param<?>> params = new LinkedHashMap<>();
        for (LearnerDeclaration<?> declaration : LearnerRegistry.of(task)) {
            for (Param<?> param : declaration.params().keySet()) {
                params.putIfAbsent(param.name, param);
                users.computeIfAbsent(param.name, name -> new ArrayList<>()).add(declaration);
            }
        }
        params.forEach((name, param) -> {
            OptionSpec option = OptionSpec.builder(optionName(name))
                    .type(valueType(param))
                    .arity("1")
                    .paramLabel(param instanceof BooleanParam ? "true|false" : "VALUE")
                    .description(description(param, users.get(name)))
                    .build();
            command.addOption(option);
            hyperparameters.options.put(name, option);
        });
        return hyperparameters;
    }

    /**
     * The values of {@code declaration}'s params: its defaults, changed by the options given.
     *
     * @throws IllegalArgumentException for a value outside a param's range, or an option given that
     *     {@code declaration} does not take
     */
    public ParamValues values(LearnerDeclaration<?> declaration) {
        ParamValues values = declaration.defaultValues();
        for (Map.Entry<String, OptionSpec> option : options.entrySet()) {
            Object value = option.getValue().getValue();
            if (value == null) {
                continue;
            }
            Param<?> param = declaration.params().keySet().stream()
                    .filter(p -> p.name.equals(option.getKey()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(option.getValue().longestName()
                            + " does not apply to learner " + declaration.name()));
            set(values, param, value, option.getValue().longestName());
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static <V> void set(ParamValues values, Param<V> param, Object value, String optionName) {
        if (!param.validator.validate((V) value)) {
            throw new IllegalArgumentException(optionName + " " + value + " is invalid: " + param.description);
        }
        values.set(param, (V) value);
    }

    /** {@code gammaLearningRate} → {@code --gamma-learning-rate}. */
    static String optionName(String paramName) {
        return "--" + paramName.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
    }

    private static Class<?> valueType(Param<?> param) {
        if (param instanceof DoubleParam) {
            return Double.class;
        } else if (param instanceof IntParam) {
            return Integer.class;
        } else if (param instanceof LongParam) {
            return Long.class;
        } else if (param instanceof BooleanParam) {
            return Boolean.class;
        }
        return String.class;
    }

    private static String description(Param<?> param, List<LearnerDeclaration<?>> users) {
        String names = users.stream().map(LearnerDeclaration::name).collect(Collectors.joining(", "));
        boolean oneDefault = users.stream().map(d -> d.params().get(param)).distinct().count() == 1;
        String defaults = oneDefault
                ? String.valueOf(users.get(0).params().get(param))
                : users.stream().map(d -> d.name() + " " + d.params().get(param)).collect(Collectors.joining(", "));
        return names + ": " + param.description + " Default: " + defaults + ".";
    }
}
