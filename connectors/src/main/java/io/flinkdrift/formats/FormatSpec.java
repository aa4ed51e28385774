package io.flinkdrift.formats;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How text lines become {@link io.flinkdrift.records.Example}s: the format, which columns are features,
 * label, key, time and id, and how labels map to class indices. Immutable and {@link Serializable};
 * build one with {@link #csv()}, {@link #json()} or {@link #builder(Format)}.
 *
 * <p>Column roles (all names are compared after trimming; CSV header names are unquoted and trimmed):
 *
 * <ul>
 *   <li>{@link #featureColumns()}: the feature columns in vector order. Empty (the default) selects every
 *       column that is numeric in the first accepted data row of the stream, in column order, except the
 *       label, key, time and id columns; the selection is then fixed for the rest of the stream. In JSON a
 *       field is numeric when it holds a number or a non-empty array of numbers; an array is expanded in
 *       place, so one field may contribute several features.
 *   <li>{@link #labelColumn()}: {@code null} (the default) for an unlabelled stream, whose examples carry
 *       label {@code NaN}.
 *   <li>{@link #labelKind()}: {@link LabelKind#CLASS} (default) maps each label's trimmed text to a class
 *       index; {@link LabelKind#REAL} parses the label as a real target. With an empty {@link #classes()}
 *       (the default) a label that is a whole number 0..999 is its own class index ({@code "1"} and
 *       {@code "1.0"} are class 1) while every label so far was one, and other labels get indices in
 *       order of first appearance among accepted rows; a non-empty list fixes index = position in the
 *       list (a numeric label matches its whole-number spelling too) and rejects any other label.
 *   <li>{@link #keyColumn()}: model key; default {@link io.flinkdrift.records.Example#DEFAULT_KEY}.
 *   <li>{@link #timeColumn()}: numeric event time (epoch ms or any number, rounded to the nearest long);
 *       default: the example's id.
 *   <li>{@link #idColumn()}: numeric id (rounded to the nearest long); default: the running number of
 *       data rows (accepted and rejected), 0-based and global across origins.
 *   <li>{@link #categoricalColumns()}: text (or any scalar) columns turned into features by the hashing
 *       trick ({@link CategoricalHashing}): {@link #hashBuckets()} features follow the numeric ones, and
 *       each categorical column adds 1 to the bucket of its (column, value) pair, so a vocabulary that
 *       grows needs no rebuild. Default: none (and 0 buckets).
 * </ul>
 *
 * <p>CSV specifics: with {@link #csvColumns()} {@code null} (the default) line 0 of every origin is that
 * origin's header; explicit names serve headerless input such as Kafka records. {@link #delimiter()}
 * defaults to {@code ','}. {@link #expectedDimension()} 0 (the default) lets the first accepted row fix
 * the feature dimension. {@link #maxMagnitude()} bounds every feature and real label (default {@link
 * ExampleParser#MAX_MAGNITUDE}); larger values are rejected as {@code OUT_OF_RANGE}.
 */
public final class FormatSpec implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Line format. */
    public enum Format {
        /** Delimited text with RFC-4180 double quoting. */
        CSV,
        /** JSON lines: one JSON object per line. */
        JSON
    }

    /** How the label column is interpreted. */
    public enum LabelKind {
        /** Labels are class names mapped to class indices {@code 0..K-1}. */
        CLASS,
        /** Labels are real-valued regression targets. */
        REAL
    }

    private final Format format;
    private final List<String> featureColumns;
    private final String labelColumn;
    private final LabelKind labelKind;
    private final List<String> classes;
    private final String keyColumn;
    private final String timeColumn;
    private final String idColumn;
    private final List<String> csvColumns;
    private final char delimiter;
    private final int expectedDimension;
    private final double maxMagnitude;
    private final List<String> categoricalColumns;
    private final int hashBuckets;

    private FormatSpec(Builder b) {
        this.format = b.format;
        this.featureColumns = List.copyOf(b.featureColumns);
        this.labelColumn = b.labelColumn;
        this.labelKind = b.labelKind;
        this.classes = List.copyOf(b.classes);
        this.keyColumn = b.keyColumn;
        this.timeColumn = b.timeColumn;
        this.idColumn = b.idColumn;
        this.csvColumns = b.csvColumns == null ? null : List.copyOf(b.csvColumns);
        this.delimiter = b.delimiter;
        this.expectedDimension = b.expectedDimension;
        this.maxMagnitude = b.maxMagnitude;
        this.categoricalColumns = List.copyOf(b.categoricalColumns);
        this.hashBuckets = b.hashBuckets;
    }

    /** A builder for CSV input. */
    public static Builder csv() {
        return new Builder(Format.CSV);
    }

    /** A builder for JSON-lines input. */
    public static Builder json() {
        return new Builder(Format.JSON);
    }

    /**
     * A builder for the given format.
     *
     * @throws IllegalArgumentException if {@code format} is null
     */
    public static Builder builder(Format format) {
        return new Builder(format);
    }

    public Format format() {
        return format;
    }

    /** Explicit feature columns in vector order; empty means "select numeric columns of the first row". */
    public List<String> featureColumns() {
        return featureColumns;
    }

    /** The label column, or {@code null} for an unlabelled stream. */
    public String labelColumn() {
        return labelColumn;
    }

    public LabelKind labelKind() {
        return labelKind;
    }

    /** Fixed class names (index = position), or empty when classes are assigned by first appearance. */
    public List<String> classes() {
        return classes;
    }

    /** The key column, or {@code null}. */
    public String keyColumn() {
        return keyColumn;
    }

    /** The time column, or {@code null} (time = id). */
    public String timeColumn() {
        return timeColumn;
    }

    /** The id column, or {@code null} (id = running data-row number). */
    public String idColumn() {
        return idColumn;
    }

    /** Explicit CSV column names for headerless input, or {@code null} when line 0 is the header. */
    public List<String> csvColumns() {
        return csvColumns;
    }

    public char delimiter() {
        return delimiter;
    }

    /** The required feature dimension, or 0 when the first accepted row fixes it. */
    public int expectedDimension() {
        return expectedDimension;
    }

    /** The largest magnitude of a feature or real label that is accepted. */
    public double maxMagnitude() {
        return maxMagnitude;
    }

    /** The columns hashed into {@link #hashBuckets()} one-hot features; empty for none. */
    public List<String> categoricalColumns() {
        return categoricalColumns;
    }

    /** The number of features the categorical columns are hashed into; 0 without them. */
    public int hashBuckets() {
        return hashBuckets;
    }

    /** Whether the stream has a label column. */
    public boolean labelled() {
        return labelColumn != null;
    }

    /** Whether labels are class names whose index assignment depends on arrival order. */
    public boolean classOrderDependsOnArrival() {
        return labelled() && labelKind == LabelKind.CLASS && classes.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FormatSpec)) {
            return false;
        }
        FormatSpec that = (FormatSpec) o;
        return format == that.format
                && delimiter == that.delimiter
                && expectedDimension == that.expectedDimension
                && Double.compare(maxMagnitude, that.maxMagnitude) == 0
                && labelKind == that.labelKind
                && featureColumns.equals(that.featureColumns)
                && classes.equals(that.classes)
                && Objects.equals(labelColumn, that.labelColumn)
                && Objects.equals(keyColumn, that.keyColumn)
                && Objects.equals(timeColumn, that.timeColumn)
                && Objects.equals(idColumn, that.idColumn)
                && Objects.equals(csvColumns, that.csvColumns)
                && categoricalColumns.equals(that.categoricalColumns)
                && hashBuckets == that.hashBuckets;
    }

    @Override
    public int hashCode() {
        return Objects.hash(format, featureColumns, labelColumn, labelKind, classes, keyColumn, timeColumn,
                idColumn, csvColumns, delimiter, expectedDimension, maxMagnitude, categoricalColumns,
                hashBuckets);
    }

    @Override
    public String toString() {
        return "FormatSpec{format=" + format + ", featureColumns=" + featureColumns
                + ", labelColumn=" + labelColumn + ", labelKind=" + labelKind + ", classes=" + classes
                + ", keyColumn=" + keyColumn + ", timeColumn=" + timeColumn + ", idColumn=" + idColumn
                + ", csvColumns=" + csvColumns + ", delimiter='" + delimiter
                + "', expectedDimension=" + expectedDimension + ", maxMagnitude=" + maxMagnitude
                + ", categoricalColumns=" + categoricalColumns + ", hashBuckets=" + hashBuckets + '}';
    }

    /** Mutable builder; {@link #build()} validates the combination. */
    public static final class Builder {
        private final Format format;
        private List<String> featureColumns = List.of();
        private String labelColumn;
        private LabelKind labelKind = LabelKind.CLASS;
        private List<String> classes = List.of();
        private String keyColumn;
        private String timeColumn;
        private String idColumn;
        private List<String> csvColumns;
        private char delimiter = ',';
        private int expectedDimension;
        private double maxMagnitude = ExampleParser.MAX_MAGNITUDE;
        private List<String> categoricalColumns = List.of();
        private int hashBuckets;

        private Builder(Format format) {
            if (format == null) {
                throw new IllegalArgumentException("format must be CSV or JSON, got null");
            }
            this.format = format;
        }

        /** Feature columns in vector order; none (the default) selects numeric columns of the first row. */
        public Builder featureColumns(String... names) {
            return featureColumns(Arrays.asList(names));
        }

        /** Feature columns in vector order; empty selects numeric columns of the first row. */
        public Builder featureColumns(List<String> names) {
            this.featureColumns = names("featureColumns", names);
            return this;
        }

        /** The label column; {@code null} (the default) for an unlabelled stream. */
        public Builder labelColumn(String name) {
            this.labelColumn = optionalName("labelColumn", name);
            return this;
        }

        /** {@link LabelKind#CLASS} (default) or {@link LabelKind#REAL}. */
        public Builder labelKind(LabelKind kind) {
            if (kind == null) {
                throw new IllegalArgumentException("labelKind must be CLASS or REAL, got null");
            }
            this.labelKind = kind;
            return this;
        }

        /** Fixed class names, index = position; none (the default) assigns indices by first appearance. */
        public Builder classes(String... names) {
            return classes(Arrays.asList(names));
        }

        /** Fixed class names, index = position; empty assigns indices by first appearance. */
        public Builder classes(List<String> names) {
            this.classes = names("classes", names);
            return this;
        }

        /** The key column, or {@code null} (the default) for a single model key. */
        public Builder keyColumn(String name) {
            this.keyColumn = optionalName("keyColumn", name);
            return this;
        }

        /** The numeric time column, or {@code null} (the default): time = id. */
        public Builder timeColumn(String name) {
            this.timeColumn = optionalName("timeColumn", name);
            return this;
        }

        /** The numeric id column, or {@code null} (the default): id = running data-row number. */
        public Builder idColumn(String name) {
            this.idColumn = optionalName("idColumn", name);
            return this;
        }

        /** Column names of headerless CSV input; {@code null} (the default): line 0 is the header. */
        public Builder csvColumns(String... names) {
            return csvColumns(names == null ? null : Arrays.asList(names));
        }

        /** Column names of headerless CSV input; {@code null} (the default): line 0 is the header. */
        public Builder csvColumns(List<String> names) {
            this.csvColumns = names == null ? null : names("csvColumns", names);
            return this;
        }

        /** CSV field delimiter, default {@code ','}; must not be a double quote or a line break. */
        public Builder delimiter(char delimiter) {
            if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
                throw new IllegalArgumentException("delimiter must not be a double quote or a line break,"
                        + " got code point " + (int) delimiter);
            }
            this.delimiter = delimiter;
            return this;
        }

        /** Required feature dimension, {@code >= 0}; 0 (the default) lets the first accepted row fix it. */
        public Builder expectedDimension(int dimension) {
            if (dimension < 0) {
                throw new IllegalArgumentException("expectedDimension must be >= 0, got " + dimension);
            }
            this.expectedDimension = dimension;
            return this;
        }

        /** Columns hashed into {@link #hashBuckets(int)} one-hot features; none (the default). */
        public Builder categoricalColumns(List<String> names) {
            this.categoricalColumns = names("categoricalColumns", names);
            return this;
        }

        /** Buckets of the categorical columns, in [1, {@value CategoricalHashing#MAX_BUCKETS}] with them, else 0. */
        public Builder hashBuckets(int buckets) {
            this.hashBuckets = buckets;
            return this;
        }

        /**
         * Largest magnitude of a feature or real label, in (0, {@link ExampleParser#MAX_MAGNITUDE}]:
         * lower it for consumers whose arithmetic overflows sooner (e.g. single precision).
         */
        public Builder maxMagnitude(double magnitude) {
            if (!(magnitude > 0 && magnitude <= ExampleParser.MAX_MAGNITUDE)) {
                throw new IllegalArgumentException("maxMagnitude must be in (0, " + ExampleParser.MAX_MAGNITUDE
                        + "], got " + magnitude);
            }
            this.maxMagnitude = magnitude;
            return this;
        }

        /**
         * Validates and builds the spec.
         *
         * @throws IllegalArgumentException if role columns coincide, a feature column is also a label, key,
         *     time or id column, classes are given without a CLASS label column, csvColumns are given for
         *     JSON or omit a named column, expectedDimension contradicts explicit CSV feature columns, or
         *     categorical columns come without buckets (or buckets without them) or have another role
         */
        public FormatSpec build() {
            List<String> roles = new ArrayList<>();
            for (String role : new String[] {labelColumn, keyColumn, timeColumn, idColumn}) {
                if (role != null) {
                    if (roles.contains(role)) {
                        throw new IllegalArgumentException("column '" + role
                                + "' is given more than one of the roles label, key, time and id");
                    }
                    roles.add(role);
                }
            }
            for (String feature : featureColumns) {
                if (roles.contains(feature)) {
                    throw new IllegalArgumentException("featureColumns must not contain the label, key, time"
                            + " or id column, got '" + feature + "'");
                }
            }
            for (String categorical : categoricalColumns) {
                if (roles.contains(categorical) || featureColumns.contains(categorical)) {
                    throw new IllegalArgumentException("categoricalColumns must not contain a feature, label,"
                            + " key, time or id column, got '" + categorical + "'");
                }
            }
            if (categoricalColumns.isEmpty() ? hashBuckets != 0
                    : hashBuckets < 1 || hashBuckets > CategoricalHashing.MAX_BUCKETS) {
                throw new IllegalArgumentException(categoricalColumns.isEmpty()
                        ? "hashBuckets apply to categorical columns only, got " + hashBuckets + " without any"
                        : "hashBuckets must be in [1, " + CategoricalHashing.MAX_BUCKETS + "], got " + hashBuckets);
            }
            if (!classes.isEmpty() && (labelColumn == null || labelKind != LabelKind.CLASS)) {
                throw new IllegalArgumentException("classes require a labelColumn with labelKind CLASS");
            }
            if (csvColumns != null) {
                if (format != Format.CSV) {
                    throw new IllegalArgumentException("csvColumns apply to CSV only, format is " + format);
                }
                if (csvColumns.isEmpty()) {
                    throw new IllegalArgumentException("csvColumns must name at least one column");
                }
                List<String> named = new ArrayList<>(roles);
                named.addAll(featureColumns);
                named.addAll(categoricalColumns);
                for (String name : named) {
                    if (!csvColumns.contains(name)) {
                        throw new IllegalArgumentException("csvColumns " + csvColumns
                                + " do not contain the named column '" + name + "'");
                    }
                }
            }
            if (format == Format.CSV && expectedDimension > 0 && !featureColumns.isEmpty()
                    && expectedDimension != featureColumns.size() + hashBuckets) {
                throw new IllegalArgumentException("expectedDimension " + expectedDimension
                        + " contradicts the " + featureColumns.size() + " CSV featureColumns"
                        + (hashBuckets > 0 ? " and " + hashBuckets + " hash buckets" : ""));
            }
            return new FormatSpec(this);
        }

        private static String optionalName(String parameter, String name) {
            if (name == null) {
                return null;
            }
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException(
                        parameter + " must be null or a non-blank name, got '" + name + "'");
            }
            return trimmed;
        }

        private static List<String> names(String parameter, List<String> names) {
            if (names == null) {
                throw new IllegalArgumentException(parameter + " must not be null");
            }
            List<String> trimmed = new ArrayList<>(names.size());
            Set<String> seen = new HashSet<>();
            for (String name : names) {
                if (name == null || name.trim().isEmpty()) {
                    throw new IllegalArgumentException(
                            parameter + " must hold non-blank names, got " + names);
                }
                String t = name.trim();
                if (!seen.add(t)) {
                    throw new IllegalArgumentException(
                            parameter + " must not repeat a name, got '" + t + "' twice");
                }
                trimmed.add(t);
            }
            return trimmed;
        }
    }
}
