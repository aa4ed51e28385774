package io.flinkdrift.formats;

import java.util.List;

/**
 * How class labels become class indices when no fixed class list is given. A label that is a whole
 * number from 0 to {@value #MAX_NUMBERED_CLASS} (in any spelling: {@code "1"}, {@code "1.0"},
 * {@code "1e0"}) is class number {@code k} itself, as long as every class so far is numbered that
 * way (class {@code i} is named {@code "i"}); so Elec2's {@code "0"}/{@code "1"} are classes 0 and
 * 1 whichever comes first. Any other label (a name, a negative or fractional number, or any label
 * once a name has been numbered) takes the next free index in order of first appearance.
 */
final class ClassNumbering {

    /** Largest label numbered by its value. */
    static final int MAX_NUMBERED_CLASS = 999;

    private ClassNumbering() {}

    /**
     * The name a label is known by: the decimal digits of a whole number that a double holds
     * exactly ({@code "1.0"} and {@code "1e0"} become {@code "1"}), otherwise the label itself.
     */
    static String canonicalName(String label) {
        if (!NumberText.isNumber(label)) {
            return label;
        }
        double value = NumberText.parse(label);
        boolean whole = Double.isFinite(value) && value == Math.rint(value) && Math.abs(value) < 0x1p53;
        return whole ? String.valueOf((long) value) : label;
    }

    /** The index of a new class {@code name} (canonical, not yet in {@code known}). */
    static int indexOfNew(List<String> known, String name) {
        if (numberedByValue(known)) {
            long number = NumberText.parseSmallInteger(name);
            if (number >= known.size() && number <= MAX_NUMBERED_CLASS && name.equals(String.valueOf(number))) {
                return (int) number;
            }
        }
        return known.size();
    }

    private static boolean numberedByValue(List<String> known) {
        for (int i = 0; i < known.size(); i++) {
            if (!known.get(i).equals(String.valueOf(i))) {
                return false;
            }
        }
        return true;
    }
}
