package io.flinkdrift.operators.sql;

import io.flinkdrift.operators.params.ParamText;

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
        return ParamText.pairs(params, "params");
    }
}
