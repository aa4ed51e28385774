package io.flinkdrift.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.RejectReason;
import io.flinkdrift.records.RejectedRecord;
import io.flinkdrift.records.TextLine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns {@link TextLine}s into {@link Example}s, or into {@link RejectedRecord}s that say why not, as
 * described by a {@link FormatSpec}. Flink-free; one instance per reader, not thread-safe.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #parse} never throws on any line content; every data line yields exactly one ACCEPTED or
 *       REJECTED result, so nothing disappears. A CSV header (line 0 of an origin when the spec has no
 *       {@code csvColumns}) yields HEADER, or REJECTED when it is unusable, in which case every data line
 *       of that origin is rejected as MALFORMED.
 *   <li>Data lines (not headers) are numbered 0, 1, 2, ... across all origins, accepted or rejected; the
 *       number is the example id unless the spec names an id column.
 *   <li>The first reason found wins, checked in this order: oversized line, blank line, no usable CSV
 *       header, CSV quoting or broken JSON (MALFORMED), CSV column count, named columns absent from the CSV header, no numeric
 *       feature column at selection, then per feature in vector order (missing or empty cell, not a
 *       number, not finite), absent or non-scalar JSON label, key, time and id fields, dimension,
 *       label (empty, not a number or not finite for REAL, unknown class for fixed classes), empty key,
 *       id value, time value.
 *   <li>An empty or blank cell in a used column is a MISSING_COLUMN, like an absent JSON field or a JSON
 *       {@code null}. A JSON array or object where a scalar is required is MALFORMED.
 *   <li>Only accepted rows change the learned state: a new class, the feature selection and the
 *       dimension are fixed by the first accepted row that needs them. Default feature selection takes
 *       the numeric cells of a row and also its blank cells (JSON {@code null}s), which are taken for
 *       missing numbers: the row is then rejected and selection retried on the next row, instead of
 *       silently dropping a feature.
 *   <li>Class labels, keys and CSV header names are trimmed; JSON scalars are taken by their text.
 *       Without fixed classes, labels are numbered as {@link ClassNumbering} says: a whole number
 *       0..{@value ClassNumbering#MAX_NUMBERED_CLASS} is its own index ({@code "1"}, {@code 1} and
 *       {@code "1.0"} are all class 1) while every label so far was one, other labels are numbered
 *       in order of first appearance.
 * </ul>
 *
 * <p>State that must survive a checkpoint is exported by {@link #snapshotState()} and re-imported by
 * {@link #restoreState(ParserState)}; a restored parser continues exactly as the original would have.
 */
public final class ExampleParser {

    /**
     * Largest magnitude of a feature or real label. Models square features and multiply them with
     * weights and covariances; below 1e100 such products stay below 1e300 and so finite, while a
     * finite input such as 1e300 or 1.79e308 would overflow them to infinity and poison the model.
     */
    public static final double MAX_MAGNITUDE = 1e100;

    /** Longest cell text quoted in a rejection detail. */
    private static final int MAX_DETAIL_VALUE_CHARS = 64;

    private final FormatSpec spec;
    private final boolean csv;
    private final boolean headerLines;
    private final CsvSplitter splitter;
    private final ObjectMapper json;

    private final List<String> classNames = new ArrayList<>();
    private final Map<String, Integer> classIndex = new HashMap<>();
    /** {@link #classNames} as the array every CLASS example shares until a class is added. */
    private String[] classTable = Example.NO_CLASSES;
    private String[] featureColumns;
    private int dimension;
    private long nextRowId;
    private String headerOrigin;
    private String[] headerColumns;

    // Column positions in the current CSV header, -1 when the role is not configured.
    private int[] featureIndex;
    private int[] categoricalIndex = new int[0];
    private int labelIndex;
    private int keyIndex;
    private int timeIndex;
    private int idIndex;
    private String absentColumn;

    // Per-row scratch.
    private double[] buffer = new double[16];
    private int featureCount;
    private RejectReason reason;
    private String detail;
    private double parsedDouble;
    private long parsedLong;

    /**
     * @param spec the format; explicit feature columns and fixed classes take effect immediately
     * @throws IllegalArgumentException if {@code spec} is null
     */
    public ExampleParser(FormatSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("spec must not be null");
        }
        this.spec = spec;
        this.csv = spec.format() == FormatSpec.Format.CSV;
        this.headerLines = csv && spec.csvColumns() == null;
        this.splitter = csv ? new CsvSplitter(spec.delimiter()) : null;
        this.json = csv ? null : JsonMapper.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        restoreState(new ParserState());
    }

    /** Parses one line. Never throws on any line content. */
    public ParseResult parse(TextLine line) {
        String text = line.text == null ? "" : line.text;
        String origin = line.origin == null ? "" : line.origin;
        if (headerLines && line.position == 0) {
            return parseHeader(origin, line.position, text, line.oversized);
        }
        long rowId = nextRowId++;
        reason = null;
        detail = null;
        Example example;
        if (line.oversized) {
            example = reject(RejectReason.OVERSIZED_LINE,
                    "line exceeds the reader's maximum length; the dead letter keeps its first "
                    + Math.min(text.length(), RejectedRecord.MAX_RAW_CHARS) + " characters");
        } else if (text.isBlank()) {
            example = reject(RejectReason.MALFORMED, "blank line");
        } else {
            example = csv ? parseCsv(origin, text, rowId) : parseJson(text, rowId);
        }
        return example != null
                ? ParseResult.accepted(example)
                : ParseResult.rejected(new RejectedRecord(origin, line.position, reason, detail, text));
    }

    /** Class names in index order (fixed classes, or those seen so far in order of first appearance). */
    public List<String> classNames() {
        return List.copyOf(classNames);
    }

    /**
     * A column the spec names (label, key, time, id or an explicit feature) that the current CSV
     * header lacks, or null when it has them all or the input is JSON.
     */
    String absentColumn() {
        return absentColumn;
    }

    /** The current CSV header's trimmed column names (or the spec's csvColumns); null for JSON or no usable header. */
    List<String> headerColumns() {
        return headerColumns == null ? null : List.of(headerColumns);
    }

    /** The feature columns in vector order; empty until the first accepted row selects them. */
    public List<String> featureColumns() {
        return featureColumns == null ? List.of() : List.of(featureColumns);
    }

    /** The feature dimension, or 0 until fixed by the spec or the first accepted row. */
    public int dimension() {
        return spec.expectedDimension() > 0 ? spec.expectedDimension() : dimension;
    }

    /** A copy of the state needed to continue parsing after a restore. */
    public ParserState snapshotState() {
        ParserState state = new ParserState();
        state.classNames = classNames.toArray(new String[0]);
        state.featureColumns = featureColumns == null ? null : featureColumns.clone();
        state.dimension = dimension;
        state.nextRowId = nextRowId;
        if (headerLines) {
            state.headerOrigin = headerOrigin;
            state.headerColumns = headerColumns == null ? null : headerColumns.clone();
        }
        return state;
    }

    /**
     * Replaces this parser's state with {@code state}, as taken by {@link #snapshotState()} of a parser
     * with the same spec.
     *
     * @throws IllegalArgumentException if the state is inconsistent or contradicts the spec (other fixed
     *     classes or explicit feature columns, repeated class names, negative dimension or row id)
     */
    public void restoreState(ParserState state) {
        if (state == null || state.classNames == null) {
            throw new IllegalArgumentException("state and its classNames must not be null");
        }
        if (state.dimension < 0 || state.nextRowId < 0) {
            throw new IllegalArgumentException("state dimension and nextRowId must be >= 0, got "
                    + state.dimension + " and " + state.nextRowId);
        }
        List<String> restoredClasses =
                state.classNames.length == 0 ? spec.classes() : List.of(state.classNames);
        if (!spec.classes().isEmpty() && !restoredClasses.equals(spec.classes())) {
            throw new IllegalArgumentException("state classes " + restoredClasses
                    + " differ from the fixed classes " + spec.classes());
        }
        List<String> specFeatures = spec.featureColumns();
        if (!specFeatures.isEmpty() && state.featureColumns != null
                && !List.of(state.featureColumns).equals(specFeatures)) {
            throw new IllegalArgumentException("state featureColumns " + Arrays.toString(state.featureColumns)
                    + " differ from the spec's " + specFeatures);
        }
        classNames.clear();
        classIndex.clear();
        for (String name : restoredClasses) {
            if (classIndex.put(name, classNames.size()) != null) {
                throw new IllegalArgumentException("state repeats the class name '" + name + "'");
            }
            classNames.add(name);
        }
        classTable = classNames.toArray(String[]::new);
        featureColumns = state.featureColumns != null ? state.featureColumns.clone()
                : specFeatures.isEmpty() ? null : specFeatures.toArray(new String[0]);
        dimension = state.dimension;
        nextRowId = state.nextRowId;
        if (headerLines) {
            headerOrigin = state.headerOrigin;
            headerColumns = state.headerColumns == null ? null : state.headerColumns.clone();
        } else if (csv) {
            headerColumns = spec.csvColumns().toArray(new String[0]);
        }
        locateColumns();
    }

    // ---------------------------------------------------------------- CSV

    private ParseResult parseHeader(String origin, long position, String text, boolean oversized) {
        headerOrigin = origin;
        headerColumns = null;
        String problem = null;
        RejectReason why = RejectReason.MALFORMED;
        if (oversized) {
            why = RejectReason.OVERSIZED_LINE;
            problem = "header line exceeds the reader's maximum length";
        } else if (text.isBlank()) {
            problem = "blank header line";
        } else if (!splitter.split(text)) {
            problem = "header: " + splitter.error();
        } else {
            String[] columns = splitter.fields();
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < columns.length && problem == null; i++) {
                columns[i] = columns[i].trim();
                if (seen.put(columns[i], i) != null) {
                    problem = "header repeats the column name '" + abbreviate(columns[i]) + "'";
                }
            }
            if (problem == null) {
                headerColumns = columns;
            }
        }
        locateColumns();
        if (problem != null) {
            return ParseResult.rejected(new RejectedRecord(origin, position, why, problem, text));
        }
        return ParseResult.header();
    }

    /** Recomputes the positions of the configured and selected columns in the current CSV header. */
    private void locateColumns() {
        absentColumn = null;
        featureIndex = null;
        if (!csv || headerColumns == null) {
            return;
        }
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < headerColumns.length; i++) {
            position.put(headerColumns[i], i);
        }
        labelIndex = locate(position, spec.labelColumn());
        keyIndex = locate(position, spec.keyColumn());
        timeIndex = locate(position, spec.timeColumn());
        idIndex = locate(position, spec.idColumn());
        if (featureColumns != null) {
            featureIndex = new int[featureColumns.length];
            for (int k = 0; k < featureColumns.length; k++) {
                featureIndex[k] = locate(position, featureColumns[k]);
            }
        }
        List<String> categorical = spec.categoricalColumns();
        categoricalIndex = new int[categorical.size()];
        for (int k = 0; k < categoricalIndex.length; k++) {
            categoricalIndex[k] = locate(position, categorical.get(k));
        }
    }

    private int locate(Map<String, Integer> position, String column) {
        if (column == null) {
            return -1;
        }
        Integer index = position.get(column);
        if (index == null) {
            if (absentColumn == null) {
                absentColumn = column;
            }
            return -1;
        }
        return index;
    }

    private Example parseCsv(String origin, String text, long rowId) {
        if (headerLines && (headerColumns == null || !origin.equals(headerOrigin))) {
            return reject(RejectReason.MALFORMED, "no usable header line for origin '" + origin + "'");
        }
        if (!splitter.split(text)) {
            return reject(RejectReason.MALFORMED, splitter.error());
        }
        if (splitter.count() != headerColumns.length) {
            return reject(RejectReason.WRONG_COLUMN_COUNT,
                    "expected " + headerColumns.length + " columns, got " + splitter.count());
        }
        if (absentColumn != null) {
            return reject(RejectReason.MISSING_COLUMN, "column '" + absentColumn + "' is not in the header"
                    + (headerLines ? " of origin '" + origin + "'" : ""));
        }
        String[] selected = null;
        int[] indices = featureIndex;
        if (indices == null) {
            indices = selectCsvFeatures();
            if (indices.length == 0) {
                return reject(RejectReason.MISSING_COLUMN, "no numeric feature column in the first data row");
            }
            selected = new String[indices.length];
            for (int k = 0; k < indices.length; k++) {
                selected[k] = headerColumns[indices[k]];
            }
        }
        featureCount = 0;
        for (int index : indices) {
            if (!addFeature(headerColumns[index], splitter.field(index))) {
                return null;
            }
        }
        addHashBuckets();
        for (int k = 0; k < categoricalIndex.length; k++) {
            addCategory(spec.categoricalColumns().get(k), splitter.field(categoricalIndex[k]).trim());
        }
        return finish(rowId, cell(labelIndex), cell(keyIndex), cell(timeIndex), cell(idIndex), selected);
    }

    private String cell(int index) {
        return index < 0 ? null : splitter.field(index);
    }

    private int[] selectCsvFeatures() {
        int[] chosen = new int[splitter.count()];
        int n = 0;
        for (int i = 0; i < splitter.count(); i++) {
            String cell = splitter.field(i);
            if (i != labelIndex && i != keyIndex && i != timeIndex && i != idIndex && !isCategorical(i)
                    && (cell.isBlank() || NumberText.isNumber(cell))) {
                chosen[n++] = i;
            }
        }
        return Arrays.copyOf(chosen, n);
    }

    private boolean isCategorical(int column) {
        for (int index : categoricalIndex) {
            if (index == column) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- JSON

    private Example parseJson(String text, long rowId) {
        JsonNode row;
        try {
            row = json.readTree(text);
        } catch (JsonProcessingException e) {
            String message = String.valueOf(e.getOriginalMessage());
            int newline = message.indexOf('\n');
            return reject(RejectReason.MALFORMED,
                    "invalid JSON: " + abbreviate(newline < 0 ? message : message.substring(0, newline)));
        }
        if (row == null || !row.isObject()) {
            return reject(RejectReason.MALFORMED, "line is JSON "
                    + (row == null ? "nothing" : row.getNodeType().name().toLowerCase()) + ", not an object");
        }
        String[] selected = null;
        String[] names = featureColumns;
        if (names == null) {
            names = selectJsonFeatures(row);
            if (names.length == 0) {
                return reject(RejectReason.MISSING_COLUMN, "no numeric feature field in the first data row");
            }
            selected = names;
        }
        featureCount = 0;
        for (String name : names) {
            if (!addJsonFeature(name, row.get(name))) {
                return null;
            }
        }
        addHashBuckets();
        for (String name : spec.categoricalColumns()) {
            String value = jsonScalar(row, name);
            if (reason != null) {
                return null;
            }
            addCategory(name, value.trim());
        }
        String label = jsonScalar(row, spec.labelColumn());
        if (reason != null) {
            return null;
        }
        String key = jsonScalar(row, spec.keyColumn());
        if (reason != null) {
            return null;
        }
        String time = jsonScalar(row, spec.timeColumn());
        if (reason != null) {
            return null;
        }
        String id = jsonScalar(row, spec.idColumn());
        if (reason != null) {
            return null;
        }
        return finish(rowId, label, key, time, id, selected);
    }

    private String[] selectJsonFeatures(JsonNode row) {
        List<String> chosen = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (!name.equals(spec.labelColumn()) && !name.equals(spec.keyColumn())
                    && !name.equals(spec.timeColumn()) && !name.equals(spec.idColumn())
                    && !spec.categoricalColumns().contains(name) && isNumericJson(field.getValue())) {
                chosen.add(name);
            }
        }
        return chosen.toArray(new String[0]);
    }

    private static boolean isNumericJson(JsonNode value) {
        if (value.isNumber() || value.isNull()) {
            return true;
        }
        if (!value.isArray() || value.isEmpty()) {
            return false;
        }
        for (JsonNode element : value) {
            if (!element.isNumber()) {
                return false;
            }
        }
        return true;
    }

    private boolean addJsonFeature(String name, JsonNode value) {
        if (value == null || value.isNull()) {
            reject(RejectReason.MISSING_COLUMN, "column '" + name + "' is missing");
            return false;
        }
        if (!value.isArray()) {
            return addJsonNumber(name, value);
        }
        for (int i = 0; i < value.size(); i++) {
            if (!addJsonNumber(name + "[" + i + "]", value.get(i))) {
                return false;
            }
        }
        return true;
    }

    private boolean addJsonNumber(String column, JsonNode value) {
        if (value.isNumber()) {
            return requireFinite(column, value.doubleValue(), value.asText()) && requireInRange(column, value.asText())
                    && addValue(parsedDouble);
        }
        if (value.isTextual()) {
            return addFeature(column, value.textValue());
        }
        reject(RejectReason.UNPARSABLE_NUMBER, "column '" + column + "' holds JSON "
                + value.getNodeType().name().toLowerCase() + ", not a number");
        return false;
    }

    /**
     * The text of the scalar JSON field {@code column}, or null when the column is not configured; sets a
     * rejection when the field is absent, null or not a scalar.
     */
    private String jsonScalar(JsonNode row, String column) {
        if (column == null) {
            return null;
        }
        JsonNode value = row.get(column);
        if (value == null || value.isNull()) {
            reject(RejectReason.MISSING_COLUMN, "column '" + column + "' is missing");
            return null;
        }
        if (value.isContainerNode()) {
            reject(RejectReason.MALFORMED, "column '" + column + "' holds a JSON "
                    + value.getNodeType().name().toLowerCase() + ", not a scalar");
            return null;
        }
        return value.asText();
    }

    // ---------------------------------------------------------------- shared

    private boolean addFeature(String column, String text) {
        if (text.isBlank()) {
            reject(RejectReason.MISSING_COLUMN, "column '" + column + "' is empty");
            return false;
        }
        return parseFinite(column, text) && requireInRange(column, text) && addValue(parsedDouble);
    }

    /** Appends {@link FormatSpec#hashBuckets()} zero features, for {@link #addCategory} to set. */
    private void addHashBuckets() {
        int buckets = spec.hashBuckets();
        for (int b = 0; b < buckets; b++) {
            addValue(0.0);
        }
    }

    /** Adds 1 to the bucket of (column, value) among the hash buckets that end the features. */
    private void addCategory(String column, String value) {
        int buckets = spec.hashBuckets();
        buffer[featureCount - buckets + CategoricalHashing.bucket(column, value, buckets)] += 1.0;
    }

    private boolean addValue(double value) {
        if (featureCount == buffer.length) {
            buffer = Arrays.copyOf(buffer, 2 * featureCount);
        }
        buffer[featureCount++] = value;
        return true;
    }

    /**
     * Checks the dimension, label, key, id and time of a row whose features are in {@link #buffer}, and
     * on success commits the row's effect on the learned state.
     */
    private Example finish(long rowId, String label, String key, String time, String id, String[] selected) {
        int expected = dimension();
        if (featureCount == 0 || (expected > 0 && featureCount != expected)) {
            return reject(RejectReason.WRONG_DIMENSION,
                    "expected " + (expected > 0 ? String.valueOf(expected) : "at least 1")
                            + " features, got " + featureCount);
        }
        double labelValue = Double.NaN;
        String newClass = null;
        if (label != null) {
            String name = label.trim();
            if (name.isEmpty()) {
                return reject(RejectReason.MISSING_COLUMN, "column '" + spec.labelColumn() + "' is empty");
            }
            if (spec.labelKind() == FormatSpec.LabelKind.REAL) {
                if (!parseFinite(spec.labelColumn(), name) || !requireInRange(spec.labelColumn(), name)) {
                    return null;
                }
                labelValue = parsedDouble;
            } else {
                Integer index = classIndex.get(name);
                String canonical = index == null ? ClassNumbering.canonicalName(name) : name;
                if (index == null) {
                    index = classIndex.get(canonical);
                }
                if (index != null) {
                    labelValue = index;
                } else if (!spec.classes().isEmpty()) {
                    return reject(RejectReason.UNKNOWN_CLASS,
                            quote(spec.labelColumn(), name) + " is not one of " + spec.classes());
                } else {
                    newClass = canonical;
                    labelValue = ClassNumbering.indexOfNew(classNames, canonical);
                }
            }
        }
        if (key != null && key.isBlank()) {
            return reject(RejectReason.MISSING_COLUMN, "column '" + spec.keyColumn() + "' is empty");
        }
        long exampleId = rowId;
        if (id != null) {
            if (!parseLong(spec.idColumn(), id)) {
                return null;
            }
            exampleId = parsedLong;
        }
        long timestamp = exampleId;
        if (time != null) {
            if (!parseLong(spec.timeColumn(), time)) {
                return null;
            }
            timestamp = parsedLong;
        }
        if (newClass != null) {
            // a numbered class k also names the classes below k that have not been seen yet
            while (classNames.size() <= labelValue) {
                String name = classNames.size() == labelValue ? newClass : String.valueOf(classNames.size());
                classIndex.put(name, classNames.size());
                classNames.add(name);
            }
            classTable = classNames.toArray(String[]::new);
        }
        if (selected != null) {
            featureColumns = selected;
            locateColumns();
        }
        if (dimension == 0) {
            dimension = featureCount;
        }
        Example example = new Example(exampleId, key == null ? Example.DEFAULT_KEY : key.trim(), timestamp,
                Arrays.copyOf(buffer, featureCount), labelValue, Example.UNKNOWN_CONCEPT);
        if (spec.labelKind() == FormatSpec.LabelKind.CLASS) {
            example.classes = classTable;
        }
        return example;
    }

    /** Parses an id or time cell into {@link #parsedLong}, rounding non-integers; rejects on failure. */
    private boolean parseLong(String column, String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            reject(RejectReason.MISSING_COLUMN, "column '" + column + "' is empty");
            return false;
        }
        long exact = NumberText.parseSmallInteger(s);
        if (exact != Long.MIN_VALUE) {
            parsedLong = exact;
            return true;
        }
        if (!parseFinite(column, s)) {
            return false;
        }
        parsedLong = Math.round(parsedDouble);
        return true;
    }

    /** Parses a numeric cell into {@link #parsedDouble}; rejects a non-number or a non-finite value. */
    private boolean parseFinite(String column, String text) {
        double value;
        try {
            value = NumberText.parse(text);
        } catch (NumberFormatException e) {
            reject(RejectReason.UNPARSABLE_NUMBER, quote(column, text) + " is not a number");
            return false;
        }
        return requireFinite(column, value, text);
    }

    /** Stores {@code value} in {@link #parsedDouble} if finite; rejects it otherwise. */
    private boolean requireFinite(String column, double value, String text) {
        if (!Double.isFinite(value)) {
            reject(RejectReason.NON_FINITE_VALUE, quote(column, text) + " is not finite");
            return false;
        }
        parsedDouble = value;
        return true;
    }

    /** Rejects {@link #parsedDouble} when its magnitude exceeds the spec's {@link FormatSpec#maxMagnitude()}. */
    private boolean requireInRange(String column, String text) {
        if (Math.abs(parsedDouble) > spec.maxMagnitude()) {
            reject(RejectReason.OUT_OF_RANGE, quote(column, text) + " exceeds the largest magnitude "
                    + spec.maxMagnitude() + " that products in a model keep finite");
            return false;
        }
        return true;
    }

    /** Records the rejection of the current row and returns null, for use as {@code return reject(...)}. */
    private Example reject(RejectReason why, String what) {
        reason = why;
        detail = what;
        return null;
    }

    /** {@code column 'name': 'text'} for a rejection detail, with long text abbreviated. */
    private static String quote(String column, String text) {
        return "column '" + column + "': '" + abbreviate(text) + "'";
    }

    /** {@code text}, cut to the length a rejection detail quotes. */
    static String abbreviate(String text) {
        return text.length() <= MAX_DETAIL_VALUE_CHARS
                ? text
                : text.substring(0, MAX_DETAIL_VALUE_CHARS) + "...";
    }
}
