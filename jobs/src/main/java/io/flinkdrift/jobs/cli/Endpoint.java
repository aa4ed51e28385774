package io.flinkdrift.jobs.cli;

import java.util.Locale;

/**
 * A parsed {@code --source} or {@code --sink} value: a scheme and its argument, e.g. {@code
 * file:/data/elec2.csv}, {@code kafka:predictions}, {@code synthetic:sea?noise=0.2}, {@code stdout}.
 */
public final class Endpoint {

    /** The kinds of endpoint a job can read from or write to. */
    public enum Scheme {
        FILE, KAFKA, SYNTHETIC, STDOUT, STDERR, NONE
    }

    private final Scheme scheme;
    private final String argument;

    private Endpoint(Scheme scheme, String argument) {
        this.scheme = scheme;
        this.argument = argument;
    }

    /**
     * Parses {@code text}; {@code allowed} lists the schemes this option accepts.
     *
     * @throws IllegalArgumentException naming the option and the accepted forms
     */
    public static Endpoint parse(String option, String text, Scheme... allowed) {
        int colon = text.indexOf(':');
        String name = (colon < 0 ? text : text.substring(0, colon)).toUpperCase(Locale.ROOT);
        String argument = colon < 0 ? "" : text.substring(colon + 1);
        for (Scheme scheme : allowed) {
            if (scheme.name().equals(name)) {
                boolean needsArgument = scheme == Scheme.FILE || scheme == Scheme.KAFKA || scheme == Scheme.SYNTHETIC;
                if (needsArgument == argument.isEmpty()) {
                    break;
                }
                return new Endpoint(scheme, argument);
            }
        }
        throw new IllegalArgumentException(option + " '" + text + "' is not one of " + forms(allowed));
    }

    private static String forms(Scheme... allowed) {
        StringBuilder forms = new StringBuilder();
        for (Scheme scheme : allowed) {
            if (forms.length() > 0) {
                forms.append(" | ");
            }
            switch (scheme) {
                case FILE:
                    forms.append("file:PATH");
                    break;
                case KAFKA:
                    forms.append("kafka:TOPIC");
                    break;
                case SYNTHETIC:
                    forms.append("synthetic:NAME[?param=value&...]");
                    break;
                default:
                    forms.append(scheme.name().toLowerCase(Locale.ROOT));
            }
        }
        return forms.toString();
    }

    public Scheme scheme() {
        return scheme;
    }

    /** The path, topic or generator spec; empty for stdout, stderr and none. */
    public String argument() {
        return argument;
    }

    @Override
    public String toString() {
        return argument.isEmpty() ? scheme.name().toLowerCase(Locale.ROOT)
                : scheme.name().toLowerCase(Locale.ROOT) + ':' + argument;
    }
}
