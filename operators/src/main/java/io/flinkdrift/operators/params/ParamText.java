package io.flinkdrift.operators.params;

import io.flinkdrift.operators.learners.ParamValues;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.ml.param.Param;

/**
 * Param values given as text, as in the {@code params} argument of the SQL functions and {@code
 * --conformal}: {@code name=value} pairs separated by commas ({@link #pairs}), the values numbers,
 * {@code true|false}, text, and arrays of numbers separated by {@code ;}.
 */
public final class ParamText {

    /** Separates the numbers of an array value. */
    public static final String ARRAY_SEPARATOR = ";";

    private ParamText() {}

    /**
     * Sets {@code declaration}'s param {@code name} in {@code values} to {@code text}, validated.
     *
     * @throws IllegalArgumentException for an unknown param, text of the wrong type or an invalid value
     */
    public static void set(ParamDeclaration declaration, ParamValues values, String name, String text) {
        set(values, declaration.param(name), text);
    }

    private static <V> void set(ParamValues values, Param<V> param, String text) {
        values.set(param, value(param, text));
    }

    /**
     * The value of {@code param} that {@code text} gives, validated.
     *
     * @throws IllegalArgumentException for text of the wrong type or an invalid value
     */
    @SuppressWarnings("unchecked")
    public static <V> V value(Param<V> param, String text) {
        String subject = "param " + param.name;
        V value;
        try {
            value = (V) parse(param.clazz, text.trim(), subject);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(subject + ": '" + text + "' is not a " + typeName(param.clazz));
        }
        validated(param, value, subject);
        return value;
    }

    /**
     * The {@code name=value} pairs of {@code text}, separated by commas, in order, names and values
     * trimmed; none for null or blank text.
     *
     * @param subject how an error names the text, e.g. {@code params}
     * @throws IllegalArgumentException for a pair without {@code =} or a name given twice
     */
    public static Map<String, String> pairs(String text, String subject) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return pairs;
        }
        for (String pair : text.split(",")) {
            int equals = pair.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException(subject + " must be name=value pairs separated by commas, got '"
                        + pair.trim() + "'");
            }
            String name = pair.substring(0, equals).trim();
            if (pairs.put(name, pair.substring(equals + 1).trim()) != null) {
                throw new IllegalArgumentException(subject + " name '" + name + "' twice");
            }
        }
        return pairs;
    }

    /**
     * Checks {@code value} against {@code param}'s validator.
     *
     * @param subject how an error names the value, e.g. the option that gave it
     * @throws IllegalArgumentException if it is invalid
     */
    public static <V> void validated(Param<V> param, V value, String subject) {
        if (!param.validator.validate(value)) {
            String shown = value instanceof Object[] ? Arrays.toString((Object[]) value) : String.valueOf(value);
            throw new IllegalArgumentException(subject + " " + shown + " is invalid: " + param.description);
        }
    }

    private static Object parse(Class<?> type, String text, String subject) {
        if (type == Double.class) {
            return Double.parseDouble(text);
        } else if (type == Integer.class) {
            return (int) whole(text, Integer.MAX_VALUE, subject);
        } else if (type == Long.class) {
            return whole(text, Long.MAX_VALUE, subject);
        } else if (type == Boolean.class) {
            if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                throw new NumberFormatException(text);
            }
            return Boolean.parseBoolean(text);
        } else if (type == Double[].class) {
            return Arrays.stream(text.split(ARRAY_SEPARATOR)).map(String::trim).map(Double::valueOf)
                    .toArray(Double[]::new);
        }
        return text;
    }

    /** A whole number, also written as a decimal ({@code 16.0}), of magnitude at most {@code max}. */
    private static long whole(String text, long max, String subject) {
        try {
            long exact = Long.parseLong(text);
            if (Math.abs(exact) <= max) {
                return exact;
            }
        } catch (NumberFormatException notAnExactLong) {
            // a decimal such as 16.0, checked below
        }
        double value = Double.parseDouble(text);
        if (value != Math.rint(value) || Math.abs(value) > max) {
            throw new IllegalArgumentException(subject + ": " + text + " is not a whole number");
        }
        return (long) value;
    }

    private static String typeName(Class<?> type) {
        if (type == Double[].class) {
            return "list of numbers separated by '" + ARRAY_SEPARATOR + "'";
        }
        return type == Boolean.class ? "boolean" : "number";
    }
}
