package io.flinkdrift.operators.params;

import io.flinkdrift.operators.learners.ParamValues;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.ml.param.Param;

/**
 * A method declared once with its Flink ML {@link Param}s: the name by which the command line,
 * SQL and the Flink ML stages choose it, and its params with the defaults that apply to it. The
 * jobs' options and their {@code --help} text are generated from lists of declarations.
 */
public interface ParamDeclaration {

    /** What the method is, for messages: {@code learner}, {@code estimator}, ... */
    String kind();

    /** The name, as the command line takes it. */
    String name();

    /** One sentence: the method and its paper. */
    String description();

    /** The params of this method with their defaults for it, in declaration order. */
    Map<Param<?>, Object> params();

    /** The params at their defaults, ready to be changed. */
    default ParamValues defaultValues() {
        return new ParamValues(params());
    }

    /**
     * {@code params} with every {@link Param} that {@code mixin} (a params interface) declares or
     * inherits as a public static field, at the param's default, added where absent ({@link #with});
     * {@code params} itself is not changed.
     */
    static Map<Param<?>, Object> withMixin(Map<Param<?>, Object> params, Class<?> mixin) {
        Map<Param<?>, Object> added = params;
        for (Field field : mixin.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && Param.class.isAssignableFrom(field.getType())) {
                try {
                    added = with(added, (Param<?>) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("Param field " + field + " is not readable", e);
                }
            }
        }
        return added;
    }

    /** A copy of {@code params} with {@code param} at its default added where absent. */
    static Map<Param<?>, Object> with(Map<Param<?>, Object> params, Param<?> param) {
        Map<Param<?>, Object> added = new LinkedHashMap<>(params);
        added.putIfAbsent(param, param.defaultValue);
        return added;
    }

    /** The params of {@code mixins} (params interfaces), in order, each at its default. */
    static Map<Param<?>, Object> ofMixins(Class<?>... mixins) {
        Map<Param<?>, Object> params = new LinkedHashMap<>();
        for (Class<?> mixin : mixins) {
            params = withMixin(params, mixin);
        }
        return params;
    }

    /**
     * The param called {@code paramName}.
     *
     * @throws IllegalArgumentException naming the params of this method if it has none of that name
     */
    default Param<?> param(String paramName) {
        return params().keySet().stream()
                .filter(p -> p.name.equals(paramName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(kind() + " " + name() + " has no param '" + paramName
                        + "'; its params are " + params().keySet().stream().map(p -> p.name)
                                .collect(Collectors.joining(", "))));
    }
}
