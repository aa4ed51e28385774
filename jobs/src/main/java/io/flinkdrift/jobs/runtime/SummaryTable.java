package io.flinkdrift.jobs.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The short table a bounded run ends with on the terminal: one row per key figure, its value and,
 * where the job has one, the baseline to judge it by (the no-change learner's accuracy, the target
 * risk), in aligned columns.
 */
final class SummaryTable {

    private record Row(String name, String value, String baseline) {}

    private final List<Row> rows = new ArrayList<>();

    /** Adds a row; {@code baseline} may be null. */
    void add(String name, String value, String baseline) {
        rows.add(new Row(name, value, baseline == null ? "" : baseline));
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /**
     * A number as the table shows it: whole numbers with thousands separators, others with 5
     * decimals below 100 and 1 above, "n/a" when not finite.
     */
    static String format(Number number) {
        if (number instanceof Long || number instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", number.longValue());
        }
        double value = number.doubleValue();
        if (!Double.isFinite(value)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, Math.abs(value) < 100 ? "%.5f" : "%,.1f", value);
    }

    /** The rows, indented by two spaces, values right-aligned, with a baseline column if any row has one. */
    List<String> lines() {
        int nameWidth = 0;
        int valueWidth = 0;
        boolean baselines = false;
        for (Row row : rows) {
            nameWidth = Math.max(nameWidth, row.name.length());
            valueWidth = Math.max(valueWidth, row.value.length());
            baselines |= !row.baseline.isEmpty();
        }
        List<String> lines = new ArrayList<>();
        String format = "  %-" + nameWidth + "s  %" + valueWidth + "s";
        if (baselines) {
            lines.add(String.format(Locale.ROOT, format + "  %s", "", "", "baseline").stripTrailing());
        }
        for (Row row : rows) {
            String line = String.format(Locale.ROOT, format, row.name, row.value);
            lines.add(row.baseline.isEmpty() ? line : line + "  " + row.baseline);
        }
        return lines;
    }
}
