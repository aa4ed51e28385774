package io.flinkdrift.operators;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Lookup of the enum constants that the builders declare by their command-line names. */
public final class CliNames {

    private CliNames() {}

    /**
     * The constant of {@code type} whose command-line name is {@code name} (case-insensitive,
     * surrounding blanks ignored).
     *
     * @param what how an error names the option, e.g. {@code "--estimator"}
     * @throws IllegalArgumentException naming the valid names if there is no such constant
     */
    public static <E extends Enum<E>> E named(Class<E> type, String name, String what, Function<E, String> cliName) {
        for (E value : type.getEnumConstants()) {
            if (cliName.apply(value).equalsIgnoreCase(name.trim())) {
                return value;
            }
        }
        throw new IllegalArgumentException(what + " must be one of " + Arrays.stream(type.getEnumConstants())
                .map(cliName).collect(Collectors.joining(", ")) + ", got '" + name + "'");
    }
}
