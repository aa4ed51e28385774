package io.flinkdrift.generators;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The named generator specs of the command line: {@code NAME} or {@code NAME?key=value&key=value},
 * for example {@code sea}, {@code sea?noise=0&changeEvery=5000} or
 * {@code mixture?mode=abrupt&components=4&seed=7}.
 *
 * <p>Names: {@code sea} ({@link SeaGenerator}), {@code hyperplane} ({@link
 * RotatingHyperplaneGenerator}), {@code mixture} ({@link DriftingGaussianMixtureGenerator}), {@code
 * rbf} ({@link RandomRbfGenerator}). Every
 * generator accepts the common parameters {@code seed}, {@code keys} and {@code intervalMs} ({@link
 * StreamSettings}) plus its own; omitted parameters take their defaults. {@link #describe()} lists
 * them all.
 */
public final class Generators {

    private static final List<Param> COMMON_PARAMS = List.of(
            new Param("seed", StreamSettings.DEFAULT_SEED, "random seed, any long"),
            new Param("keys", StreamSettings.DEFAULT_KEYS,
                    "number of model keys >= 1; with n > 1 record i has key k<i % n>"),
            new Param("intervalMs", StreamSettings.DEFAULT_INTERVAL_MS,
                    "event-time spacing >= 1 ms: record i has timestamp i * intervalMs"));

    private static final Map<String, Kind> KINDS = kinds(
            new Kind(SeaGenerator.NAME,
                    "SEA concepts (Street & Kim 2001): x in [0,10)^3, label 1 iff x1 + x2 <= theta, "
                            + "theta = 8, 9, 7, 9.5 cycling abruptly",
                    List.of(new Param("changeEvery", SeaGenerator.DEFAULT_CHANGE_EVERY,
                                    "records per concept >= 1"),
                            new Param("noise", SeaGenerator.DEFAULT_NOISE,
                                    "label flip probability in [0, 1]")),
                    values -> new SeaGenerator(values.settings(),
                            values.longValue("changeEvery"), values.doubleValue("noise"))),
            new Kind(RotatingHyperplaneGenerator.NAME,
                    "rotating hyperplane: x in [0,1)^d, label 1 iff w(i).(x - 0.5) >= 0, "
                            + "w turning smoothly",
                    List.of(new Param("dimension", RotatingHyperplaneGenerator.DEFAULT_DIMENSION,
                                    "number of features >= 2"),
                            new Param("driftSpeed", RotatingHyperplaneGenerator.DEFAULT_DRIFT_SPEED,
                                    "rotation of w in radians per record, finite"),
                            new Param("conceptLength",
                                    RotatingHyperplaneGenerator.DEFAULT_CONCEPT_LENGTH,
                                    "records per concept id >= 1"),
                            new Param("noise", RotatingHyperplaneGenerator.DEFAULT_NOISE,
                                    "label flip probability in [0, 1]")),
                    values -> new RotatingHyperplaneGenerator(values.settings(),
                            values.intValue("dimension"), values.doubleValue("driftSpeed"),
                            values.longValue("conceptLength"), values.doubleValue("noise"))),
            new Kind(DriftingGaussianMixtureGenerator.NAME,
                    "drifting Gaussian mixture: label = component, means rotate about the origin, "
                            + "weights shift",
                    List.of(new Param("dimension", DriftingGaussianMixtureGenerator.DEFAULT_DIMENSION,
                                    "number of features >= 2"),
                            new Param("components", DriftingGaussianMixtureGenerator.DEFAULT_COMPONENTS,
                                    "number of components >= 1"),
                            new Param("sigma", DriftingGaussianMixtureGenerator.DEFAULT_SIGMA,
                                    "isotropic standard deviation > 0"),
                            new Param("radius", DriftingGaussianMixtureGenerator.DEFAULT_RADIUS,
                                    "base means uniform in [-radius, radius]^d, >= 0"),
                            new Param("mode", DriftingGaussianMixtureGenerator.DEFAULT_MODE,
                                    "gradual (continuous motion) or abrupt (jumps every period)"),
                            new Param("driftSpeed", DriftingGaussianMixtureGenerator.DEFAULT_DRIFT_SPEED,
                                    "rotation of the means in radians per record, finite"),
                            new Param("period", DriftingGaussianMixtureGenerator.DEFAULT_PERIOD,
                                    "records per concept id (and per jump in abrupt mode) >= 1"),
                            new Param("weightAmplitude",
                                    DriftingGaussianMixtureGenerator.DEFAULT_WEIGHT_AMPLITUDE,
                                    "weight oscillation amplitude in [0, 1)"),
                            new Param("weightPeriod",
                                    DriftingGaussianMixtureGenerator.DEFAULT_WEIGHT_PERIOD,
                                    "records per full weight oscillation >= 1")),
                    values -> new DriftingGaussianMixtureGenerator(values.settings(),
                            values.intValue("dimension"), values.intValue("components"),
                            values.doubleValue("sigma"), values.doubleValue("radius"),
                            DriftingGaussianMixtureGenerator.Mode.parse(values.string("mode")),
                            values.doubleValue("driftSpeed"), values.longValue("period"),
                            values.doubleValue("weightAmplitude"), values.longValue("weightPeriod"))),
            new Kind(RandomRbfGenerator.NAME,
                    "random RBF with drift (MOA RandomRBFGeneratorDrift): Gaussian clusters in [0,1]^d, "
                            + "label = the cluster's class, centres moving, classes optionally swapped",
                    List.of(new Param("dimension", RandomRbfGenerator.DEFAULT_DIMENSION,
                                    "number of features >= 2"),
                            new Param("classes", RandomRbfGenerator.DEFAULT_CLASSES, "number of classes >= 2"),
                            new Param("centroids", RandomRbfGenerator.DEFAULT_CENTROIDS,
                                    "number of clusters >= classes"),
                            new Param("driftCentroids", RandomRbfGenerator.DEFAULT_CENTROIDS,
                                    "number of moving clusters >= 0 (at most all)"),
                            new Param("speed", RandomRbfGenerator.DEFAULT_SPEED,
                                    "distance a moving centre travels per record >= 0"),
                            new Param("swapEvery", RandomRbfGenerator.DEFAULT_SWAP_EVERY,
                                    "records between abrupt redraws of every cluster's class >= 0; 0 = never")),
                    values -> new RandomRbfGenerator(values.settings(), values.intValue("dimension"),
                            values.intValue("classes"), values.intValue("centroids"),
                            values.intValue("driftCentroids"), values.doubleValue("speed"),
                            values.longValue("swapEvery"))));

    private Generators() {}

    /** The generator names, in the order {@link #describe()} lists them. */
    public static List<String> names() {
        return List.copyOf(KINDS.keySet());
    }

    /**
     * The generator described by {@code spec}: {@code NAME} or {@code NAME?key=value&key=value}.
     *
     * @throws IllegalArgumentException if the name or a parameter is unknown, a parameter is given
     *     twice or has no value, or a value is malformed or out of range; the message names the
     *     problem and lists the valid names, or the generator's parameters with their defaults
     */
    public static DriftGenerator fromSpec(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty generator spec\n" + describe());
        }
        String trimmed = spec.trim();
        int query = trimmed.indexOf('?');
        String name = query < 0 ? trimmed : trimmed.substring(0, query);
        Kind kind = KINDS.get(name);
        if (kind == null) {
            throw new IllegalArgumentException("unknown generator '" + name + "' in spec '" + spec
                    + "'; valid generators: " + String.join(", ", KINDS.keySet()) + "\n" + describe());
        }
        Map<String, String> given =
                query < 0 ? Map.of() : parseQuery(trimmed.substring(query + 1), spec, kind);
        try {
            return kind.factory.apply(new Values(kind, given));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "invalid spec '" + spec + "': " + e.getMessage() + "\n" + kind.usage(), e);
        }
    }

    /** A help text listing every generator with its parameters and their defaults. */
    public static String describe() {
        StringBuilder text = new StringBuilder(
                "Generators (spec: NAME or NAME?key=value&key=value):\n");
        for (Kind kind : KINDS.values()) {
            text.append(kind.usage());
        }
        text.append("  common parameters of every generator:\n");
        COMMON_PARAMS.forEach(param -> param.appendTo(text));
        return text.toString();
    }

    private static Map<String, String> parseQuery(String query, String spec, Kind kind) {
        Map<String, String> given = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return given;
        }
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals).trim();
            String value = equals < 0 ? "" : pair.substring(equals + 1).trim();
            if (kind.param(key) == null) {
                throw new IllegalArgumentException("unknown parameter '" + key + "' for generator '"
                        + kind.name + "' in spec '" + spec + "'\n" + kind.usage());
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("parameter '" + key + "' has no value in spec '"
                        + spec + "' (expected key=value)\n" + kind.usage());
            }
            if (given.put(key, value) != null) {
                throw new IllegalArgumentException("parameter '" + key + "' is given twice in spec '"
                        + spec + "'\n" + kind.usage());
            }
        }
        return given;
    }

    private static Map<String, Kind> kinds(Kind... kinds) {
        Map<String, Kind> byName = new LinkedHashMap<>();
        for (Kind kind : kinds) {
            byName.put(kind.name, kind);
        }
        return byName;
    }

    /** One parameter of a spec: its name, default value and a one-line description. */
    private static final class Param {
        final String name;
        final String defaultValue;
        final String description;

        Param(String name, Object defaultValue, String description) {
            this.name = name;
            this.defaultValue = String.valueOf(defaultValue);
            this.description = description;
        }

        void appendTo(StringBuilder text) {
            text.append(String.format("      %-28s %s%n", name + "=" + defaultValue, description));
        }
    }

    /** One named generator: its parameters and how to build it from their values. */
    private static final class Kind {
        final String name;
        final String summary;
        final List<Param> params;
        final Function<Values, DriftGenerator> factory;

        Kind(String name, String summary, List<Param> params, Function<Values, DriftGenerator> factory) {
            this.name = name;
            this.summary = summary;
            this.params = params;
            this.factory = factory;
        }

        Param param(String key) {
            for (List<Param> list : List.of(params, COMMON_PARAMS)) {
                for (Param param : list) {
                    if (param.name.equals(key)) {
                        return param;
                    }
                }
            }
            return null;
        }

        String usage() {
            StringBuilder text = new StringBuilder(String.format("  %-11s %s%n", name, summary));
            params.forEach(param -> param.appendTo(text));
            text.append("      (plus common parameters: seed=").append(StreamSettings.DEFAULT_SEED)
                    .append(", keys=").append(StreamSettings.DEFAULT_KEYS)
                    .append(", intervalMs=").append(StreamSettings.DEFAULT_INTERVAL_MS).append(")\n");
            return text.toString();
        }
    }

    /** The parameter values of one spec: the given ones, else the defaults, parsed on demand. */
    private static final class Values {
        private final Kind kind;
        private final Map<String, String> given;

        Values(Kind kind, Map<String, String> given) {
            this.kind = kind;
            this.given = given;
        }

        StreamSettings settings() {
            return new StreamSettings(longValue("seed"), intValue("keys"), longValue("intervalMs"));
        }

        String string(String key) {
            return given.getOrDefault(key, kind.param(key).defaultValue);
        }

        long longValue(String key) {
            try {
                return Long.parseLong(string(key));
            } catch (NumberFormatException e) {
                throw notA("an integer", key);
            }
        }

        int intValue(String key) {
            try {
                return Integer.parseInt(string(key));
            } catch (NumberFormatException e) {
                throw notA("an int", key);
            }
        }

        double doubleValue(String key) {
            try {
                return Double.parseDouble(string(key));
            } catch (NumberFormatException e) {
                throw notA("a number", key);
            }
        }

        private IllegalArgumentException notA(String type, String key) {
            return new IllegalArgumentException(key + " must be " + type + ", got '" + string(key) + "'");
        }
    }
}
