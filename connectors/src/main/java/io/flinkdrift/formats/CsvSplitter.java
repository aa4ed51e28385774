package io.flinkdrift.formats;

/**
 * Splits one CSV line into fields with minimal RFC-4180 quoting: a field may be enclosed in double quotes
 * (optionally surrounded by spaces), inside which the delimiter is literal and {@code ""} is one quote. A
 * quote anywhere else, or an unclosed quote, makes the line malformed. Reuses its field buffer between
 * lines; not thread-safe.
 */
final class CsvSplitter {

    private final char delimiter;
    private final boolean skipSpacesAroundQuotes;
    private final StringBuilder quoted = new StringBuilder();
    private String[] fields = new String[16];
    private int count;
    private String error;

    CsvSplitter(char delimiter) {
        this.delimiter = delimiter;
        this.skipSpacesAroundQuotes = delimiter != ' ';
    }

    /**
     * Splits {@code line}; on success {@link #count()} and {@link #field(int)} describe the fields,
     * otherwise {@link #error()} says what is wrong.
     *
     * @return whether the line is well-formed
     */
    boolean split(String line) {
        count = 0;
        error = null;
        int n = line.length();
        int i = 0;
        while (true) {
            int j = skipSpaces(line, i);
            if (j < n && line.charAt(j) == '"') {
                i = readQuoted(line, j + 1);
                if (i < 0) {
                    error = "unbalanced double quote in column " + (count + 1);
                    return false;
                }
                add(quoted.toString());
                i = skipSpaces(line, i);
                if (i == n) {
                    return true;
                }
                if (line.charAt(i) != delimiter) {
                    error = "text after the closing double quote of column " + count;
                    return false;
                }
            } else {
                int start = i;
                while (i < n && line.charAt(i) != delimiter) {
                    if (line.charAt(i) == '"') {
                        error = "double quote inside unquoted column " + (count + 1);
                        return false;
                    }
                    i++;
                }
                add(line.substring(start, i));
                if (i == n) {
                    return true;
                }
            }
            i++; // past the delimiter
        }
    }

    /** Reads a quoted field into {@link #quoted}; returns the index after its closing quote, or -1. */
    private int readQuoted(String line, int from) {
        quoted.setLength(0);
        int n = line.length();
        int i = from;
        while (i < n) {
            char c = line.charAt(i++);
            if (c != '"') {
                quoted.append(c);
            } else if (i < n && line.charAt(i) == '"') {
                quoted.append('"');
                i++;
            } else {
                return i;
            }
        }
        return -1;
    }

    private int skipSpaces(String line, int from) {
        int i = from;
        if (skipSpacesAroundQuotes) {
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
        }
        return i;
    }

    private void add(String field) {
        if (count == fields.length) {
            String[] grown = new String[count * 2];
            System.arraycopy(fields, 0, grown, 0, count);
            fields = grown;
        }
        fields[count++] = field;
    }

    int count() {
        return count;
    }

    String field(int index) {
        return fields[index];
    }

    /** A copy of the fields of the last successful split. */
    String[] fields() {
        String[] copy = new String[count];
        System.arraycopy(fields, 0, copy, 0, count);
        return copy;
    }

    String error() {
        return error;
    }
}
