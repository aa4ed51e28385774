package io.flinkdrift.operators.sql;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code params} argument of the process table functions: settings as {@code name=value} pairs
 * separated by commas, e.g. {@code 'gamma=0.99, learnGamma=false'}. A STRING, because Flink 2.2
 * passes a process table function's numeric arguments uncast: an INT literal given for a DOUBLE
 * argument fails the job when it starts.
 */
final class SettingPairs {

    private SettingPairs() {}

    /**
     * The pairs of {@code params} in order, names and values trimmed; none for null or blank.
     *
     * @throws IllegalArgumentException for a pair without {@code =} or a name given twice
     */
    static Map<String, String> parse(String params) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (params == null || params.isBlank()) {
            return pairs;
        }
        for (String pair : params.split(",")) {
            int equals = pair.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("params must be name=value pairs separated by commas, got '"
                        + pair.trim() + "'");
            }
            String name = pair.substring(0, equals).trim();
            if (pairs.put(name, pair.substring(equals + 1).trim()) != null) {
                throw new IllegalArgumentException("params name '" + name + "' twice");
            }
        }
        return pairs;
    }

    /**
     * The number {@code value} of setting {@code name}.
     *
     * @throws IllegalArgumentException if it is not a number
     */
    static double number(String name, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("param " + name + ": '" + value + "' is not a number");
        }
    }
}
