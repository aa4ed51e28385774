package io.flinkdrift.operators.params;

import io.flinkdrift.operators.learners.ParamValues;

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
