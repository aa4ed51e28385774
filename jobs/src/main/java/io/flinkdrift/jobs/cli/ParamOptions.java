package io.flinkdrift.jobs.cli;

import io.flinkdrift.operators.learners.ParamValues;
import io.flinkdrift.operators.params.ParamDeclaration;
import io.flinkdrift.operators.params.ParamText;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.ml.param.BooleanParam;
import org.apache.flink.ml.param.DoubleArrayParam;
import org.apache.flink.ml.param.DoubleParam;
import org.apache.flink.ml.param.IntParam;
import org.apache.flink.ml.param.LongParam;
import org.apache.flink.ml.param.Param;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options of a job generated from the params of a family of {@link ParamDeclaration}s (the
 * learners, the density estimators, ...): one option per param name ({@code gammaLearningRate}
 * becomes {@code --gamma-learning-rate}), described by the param, listing the methods it applies to
 * and each one's default. An option that is not given leaves the chosen
 * method's default.
 */
public final class ParamOptions {

    private final Map<String, OptionSpec> options = new LinkedHashMap<>();

    private ParamOptions() {}

    /** Adds the options of the params of {@code declarations} to {@code command}. */
    public static ParamOptions install(CommandSpec command, List<? extends ParamDeclaration> declarations) {
        ParamOptions generated = new ParamOptions();
        Map<String, List<ParamDeclaration>> users = new LinkedHashMap<>();
        Map<String, Param<?>> params = new LinkedHashMap<>();
        for (ParamDeclaration declaration : declarations) {
            for (Param<?> param : declaration.params().keySet()) {
                params.putIfAbsent(param.name, param);
                users.computeIfAbsent(param.name, name -> new ArrayList<>()).add(declaration);
            }
        }
        params.forEach((name, param) -> {
            OptionSpec.Builder builder = OptionSpec.builder(optionName(name))
                    .type(valueType(param))
                    .arity("1")
                    .paramLabel(paramLabel(param))
                    .description(description(param, users.get(name)));
            if (param instanceof DoubleArrayParam) {
                builder.splitRegex(",");
            }
            OptionSpec option = builder.build();
            command.addOption(option);
            generated.options.put(name, option);
        });
        return generated;
    }

    /**
     * The names and descriptions of {@code declarations}, one per line in {@code --help} (as picocli's
     * completion candidates of the option that chooses one).
     */
    public static Iterator<String> choices(List<? extends ParamDeclaration> declarations) {
        return declarations.stream()
                .map(declaration -> "%n  " + declaration.name() + ": " + declaration.description())
                .iterator();
    }

    /**
     * The values of {@code declaration}'s params: its defaults, changed by the options given.
     *
     * @throws IllegalArgumentException for a value outside a param's range, or an option given that
     *     {@code declaration} does not take
     */
    public ParamValues values(ParamDeclaration declaration) {
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
                            + " does not apply to " + declaration.kind() + " " + declaration.name()));
            set(values, param, value, option.getValue().longestName());
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static <V> void set(ParamValues values, Param<V> param, Object value, String optionName) {
        ParamText.validated(param, (V) value, optionName);
        values.set(param, (V) value);
    }

    /** {@code gammaLearningRate} → {@code --gamma-learning-rate}. */
    static String optionName(String paramName) {
        return "--" + paramName.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    /** The param of an option name without its dashes: {@code gamma-learning-rate} → {@code gammaLearningRate}. */
    public static String paramName(String optionName) {
        return Pattern.compile("-([a-z])").matcher(optionName).replaceAll(letter -> letter.group(1).toUpperCase(Locale.ROOT));
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
        } else if (param instanceof DoubleArrayParam) {
            return Double[].class;
        }
        return String.class;
    }

    private static String paramLabel(Param<?> param) {
        if (param instanceof BooleanParam) {
            return "true|false";
        }
        return param instanceof DoubleArrayParam ? "X,..." : "VALUE";
    }

    private static String description(Param<?> param, List<ParamDeclaration> users) {
        String names = users.stream().map(ParamDeclaration::name).collect(Collectors.joining(", "));
        boolean oneDefault = users.stream().map(d -> shown(d.params().get(param))).distinct().count() == 1;
        String defaults = oneDefault
                ? shown(users.get(0).params().get(param))
                : users.stream().map(d -> d.name() + " " + shown(d.params().get(param)))
                        .collect(Collectors.joining(", "));
        return names + ": " + param.description + " Default: " + defaults + ".";
    }

    /** A default as the option takes it: an array as its values separated by commas, or none. */
    private static String shown(Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof Double[]) {
            return ((Double[]) value).length == 0 ? "none" : Arrays.stream((Double[]) value).map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }
}
