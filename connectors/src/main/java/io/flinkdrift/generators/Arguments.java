package io.flinkdrift.generators;

/** Constructor-argument checks that throw an {@link IllegalArgumentException} naming the parameter. */
final class Arguments {

    private Arguments() {}

    static long atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
        return value;
    }

    static double finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, got " + value);
        }
        return value;
    }

    static double positive(String name, double value) {
        if (!(value > 0.0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    static double nonNegative(String name, double value) {
        if (!(value >= 0.0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
        }
        return value;
    }

    /** Checks {@code min <= value < max} when {@code maxExclusive}, else {@code min <= value <= max}. */
    static double inRange(String name, double value, double min, double max, boolean maxExclusive) {
        boolean belowMax = maxExclusive ? value < max : value <= max;
        if (!(value >= min && belowMax)) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max
                    + (maxExclusive ? ")" : "]") + ", got " + value);
        }
        return value;
    }
}
