package io.flinkdrift.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkdrift.records.TextLine;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the start of an input against a {@link FormatSpec} before a job reads it, so that a run
 * whose every record would be rejected for the same reason is refused up front with one message
 * instead of filling the dead letter. Flink-free.
 *
 * <p>An input is unusable when its CSV header cannot be parsed or lacks a column the spec names
 * (label, key, time, id, an explicit feature or a categorical one), when its first JSON record lacks such a field, or
 * when an explicit feature column holds text that is not a number in the first data record. Blank
 * cells, JSON nulls and problems of later records are left to the parser, which rejects such
 * records one by one.
 */
public final class InputCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InputCheck() {}

    /**
     * Why the input cannot be parsed with {@code spec}, or null.
     *
     * @param firstLines the input's first lines: for CSV with a header line the header and the first
     *     data line, otherwise the first data line; fewer when the input is shorter
     */
    public static String problem(FormatSpec spec, List<String> firstLines) {
        if (firstLines.isEmpty()) {
            return null;
        }
        if (spec.format() == FormatSpec.Format.JSON) {
            return jsonProblem(spec, firstLines.get(0));
        }
        ExampleParser parser = new ExampleParser(spec);
        boolean header = spec.csvColumns() == null;
        if (header) {
            ParseResult result = parser.parse(new TextLine("", 0, -1, firstLines.get(0), false));
            if (result.kind() == ParseResult.Kind.REJECTED) {
                return "unusable CSV header: " + result.rejected().detail;
            }
        }
        List<String> columns = parser.headerColumns();
        if (parser.absentColumn() != null) {
            return "column '" + parser.absentColumn() + "' is not in the CSV header " + columns;
        }
        int row = header ? 1 : 0;
        if (firstLines.size() <= row) {
            return null;
        }
        CsvSplitter splitter = new CsvSplitter(spec.delimiter());
        if (!splitter.split(firstLines.get(row)) || splitter.count() != columns.size()) {
            return null;
        }
        for (String feature : spec.featureColumns()) {
            String cell = splitter.field(columns.indexOf(feature));
            if (!cell.isBlank() && !NumberText.isNumber(cell)) {
                return notNumeric(feature, cell);
            }
        }
        return null;
    }

    private static String jsonProblem(FormatSpec spec, String firstLine) {
        JsonNode row;
        try {
            row = JSON.readTree(firstLine);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (row == null || !row.isObject()) {
            return null;
        }
        List<String> named = new ArrayList<>(spec.featureColumns());
        named.addAll(spec.categoricalColumns());
        for (String role : new String[] {spec.labelColumn(), spec.keyColumn(), spec.timeColumn(), spec.idColumn()}) {
            if (role != null) {
                named.add(role);
            }
        }
        for (String name : named) {
            if (!row.has(name)) {
                return "field '" + name + "' is not in the first JSON record (fields: " + fieldNames(row) + ")";
            }
        }
        for (String feature : spec.featureColumns()) {
            JsonNode value = row.get(feature);
            if (value.isTextual() && !value.textValue().isBlank() && !NumberText.isNumber(value.textValue())) {
                return notNumeric(feature, value.textValue());
            }
        }
        return null;
    }

    private static String notNumeric(String feature, String cell) {
        return "feature column '" + feature + "' is not numeric: its first value is '"
                + ExampleParser.abbreviate(cell) + "'";
    }

    private static List<String> fieldNames(JsonNode row) {
        List<String> names = new ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
