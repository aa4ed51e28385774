package io.flinkdrift.formats;

/**
 * Parses the text of a numeric cell. Accepts what {@link Double#parseDouble} accepts for decimal
 * notation, plus the non-finite spellings {@code nan}, {@code inf} and {@code infinity} in any case with
 * an optional sign (which parse to NaN and infinities so the caller can reject them by name). Rejects
 * Java-only forms such as hexadecimal floats and {@code d}/{@code f} suffixes. A character pre-check
 * keeps common non-numbers such as class names off the exception path of {@code parseDouble}.
 */
final class NumberText {

    private NumberText() {}

    /**
     * The value of {@code text} (surrounding whitespace ignored), possibly NaN or infinite.
     *
     * @throws NumberFormatException if the text is not a number
     */
    static double parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new NumberFormatException("empty");
        }
        char last = s.charAt(s.length() - 1);
        if ((last >= '0' && last <= '9') || last == '.') {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+')) {
                    throw new NumberFormatException(s);
                }
            }
            return Double.parseDouble(s);
        }
        int start = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        String body = s.substring(start);
        if (body.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity")) {
            return s.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        throw new NumberFormatException(s);
    }

    /** Whether {@link #parse} accepts {@code text} (NaN and infinities included). */
    static boolean isNumber(String text) {
        try {
            parse(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The exact value of an integer literal of at most 18 digits with an optional sign, or
     * {@link Long#MIN_VALUE} when {@code s} (already trimmed) is not such a literal.
     */
    static long parseSmallInteger(String s) {
        int start = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
        int digits = s.length() - start;
        if (digits < 1 || digits > 18) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            value = value * 10 + (c - '0');
        }
        return s.charAt(0) == '-' ? -value : value;
    }
}
