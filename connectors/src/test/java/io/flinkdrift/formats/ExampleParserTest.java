package io.flinkdrift.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.flinkdrift.records.Example;
import io.flinkdrift.records.RejectReason;
import io.flinkdrift.records.RejectedRecord;
import io.flinkdrift.records.TextLine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleParserTest {

    private static final String ELEC2_HEADER = "period,nswprice,nswdemand,vicprice,vicdemand,transfer,class";
    private static final String FILE = "elec2.csv";

    private static TextLine line(String origin, long position, String text) {
        return new TextLine(origin, position, -1, text, false);
    }

    private static Example accept(ExampleParser parser, TextLine line) {
        ParseResult result = parser.parse(line);
        assertEquals(ParseResult.Kind.ACCEPTED, result.kind(), () -> "accepting " + line + ": " + result);
        return result.example();
    }

    private static RejectedRecord reject(ExampleParser parser, TextLine line) {
        ParseResult result = parser.parse(line);
        assertEquals(ParseResult.Kind.REJECTED, result.kind(), () -> "rejecting " + line + ": " + result);
        return result.rejected();
    }

    /** Parses a CSV header at line 0 and returns the parser. */
    private static ExampleParser csvWithHeader(FormatSpec spec, String header) {
        ExampleParser parser = new ExampleParser(spec);
        assertEquals(ParseResult.Kind.HEADER, parser.parse(line(FILE, 0, header)).kind());
        return parser;
    }

    private static ExampleParser elec2() {
        return csvWithHeader(FormatSpec.csv().labelColumn("class").build(), ELEC2_HEADER);
    }

    private static void assertRejected(RejectedRecord r, String origin, long position, RejectReason reason,
            String detail, String raw) {
        assertEquals(new RejectedRecord(origin, position, reason, detail, raw), r);
    }

    @Test
    void parsesElec2CsvWithDefaultFeatureSelectionAndNumericClassNames() {
        ExampleParser parser = elec2();
        Example first = accept(parser,
                line(FILE, 1, "0.0,0.05644299999999999,0.439155,0.003467,0.422915,0.414912,1"));
        Example second = accept(parser,
                line(FILE, 2, "0.021277,0.051699,0.415055,0.003467,0.422915,0.414912,0"));
        Example third = accept(parser,
                line(FILE, 3, "0.042553,0.051489,0.385004,0.003467,0.422915,0.414912,1.0"));

        assertEquals(named(new Example(0, "", 0,
                new double[] {0.0, 0.05644299999999999, 0.439155, 0.003467, 0.422915, 0.414912}, 1.0, -1), "0", "1"),
                first);
        assertEquals(named(new Example(1, "", 1,
                new double[] {0.021277, 0.051699, 0.415055, 0.003467, 0.422915, 0.414912}, 0.0, -1), "0", "1"),
                second);
        assertEquals(1.0, third.label, "'1.0' is class 1, like '1'");
        assertEquals(List.of("0", "1"), parser.classNames());
        assertEquals(List.of("period", "nswprice", "nswdemand", "vicprice", "vicdemand", "transfer"),
                parser.featureColumns());
        assertEquals(6, parser.dimension());
    }

    @Test
    void parsesQuotedHeaderUpDownVariantWithFixedClasses() {
        FormatSpec spec = FormatSpec.csv().labelColumn("class").classes("UP", "DOWN").build();
        ExampleParser parser = csvWithHeader(spec,
                "\"date\",\"day\",\"period\",\"nswprice\",\"nswdemand\",\"vicprice\",\"vicdemand\",\"transfer\",\"class\"");
        Example down = accept(parser,
                line(FILE, 1, "0,2,0.021277,0.051699,0.415055,0.003467,0.422915,0.414912,DOWN"));
        Example up = accept(parser, line(FILE, 2, "0,2,0,0.056443,0.439155,0.003467,0.422915,0.414912, UP "));

        assertArrayEquals(new double[] {0, 2, 0.021277, 0.051699, 0.415055, 0.003467, 0.422915, 0.414912},
                down.features);
        assertEquals(1.0, down.label);
        assertEquals(0.0, up.label, "labels are trimmed");
        assertEquals(List.of("UP", "DOWN"), parser.classNames());
    }

    @Test
    void parsesJsonLinesExpandingArraysInPlace() {
        FormatSpec spec = FormatSpec.json().labelColumn("y").labelKind(FormatSpec.LabelKind.REAL)
                .keyColumn("sensor").timeColumn("ts").build();
        ExampleParser parser = new ExampleParser(spec);
        Example e = accept(parser, line("k-0", 17,
                "{\"sensor\":\"s1\",\"a\":1.5,\"v\":[2,3.25,-4e-3],\"note\":\"x\",\"b\":-7,\"ts\":1700000000123,\"y\":0.5}"));

        assertEquals(new Example(0, "s1", 1700000000123L, new double[] {1.5, 2, 3.25, -4e-3, -7}, 0.5, -1), e);
        assertEquals(List.of("a", "v", "b"), parser.featureColumns());
        Example numericStrings = accept(parser, line("k-0", 18,
                "{\"b\":\"8\",\"v\":[1,2,\"3\"],\"a\":0,\"sensor\":7,\"ts\":5.6,\"y\":\"-1.5\"}"));
        assertEquals(new Example(1, "7", 6, new double[] {0, 1, 2, 3, 8}, -1.5, -1), numericStrings);
    }

    @Test
    void usesExplicitColumnsKeyTimeAndIdAndHeaderlessCsv() {
        FormatSpec spec = FormatSpec.csv().csvColumns("id", "key", "t", "f1", "f2", "label")
                .featureColumns("f2", "f1").idColumn("id").keyColumn("key").timeColumn("t").labelColumn("label")
                .labelKind(FormatSpec.LabelKind.REAL).delimiter(';').build();
        ExampleParser parser = new ExampleParser(spec);
        Example e = accept(parser, line("topic-0", 0, "9007199254740993;\"a;\"\"b\"\"\";12.6;1;2;3.5"));
        assertEquals(new Example(9007199254740993L, "a;\"b\"", 13, new double[] {2, 1}, 3.5, -1), e);
    }

    @Test
    void rejectsOversizedLine() {
        ExampleParser parser = elec2();
        RejectedRecord r = reject(parser, new TextLine(FILE, 5, -1, "0.1,0.2", true));
        assertRejected(r, FILE, 5, RejectReason.OVERSIZED_LINE,
                "line exceeds the reader's maximum length; the dead letter keeps its first 7 characters", "0.1,0.2");
    }

    @Test
    void oversizedLineDetailStatesWhatTheDeadLetterKeeps() {
        String text = "1".repeat(RejectedRecord.MAX_RAW_CHARS + 100);
        RejectedRecord r = reject(elec2(), new TextLine(FILE, 5, -1, text, true));
        assertEquals("line exceeds the reader's maximum length; the dead letter keeps its first "
                + RejectedRecord.MAX_RAW_CHARS + " characters", r.detail);
        assertEquals(RejectedRecord.MAX_RAW_CHARS, r.raw.length());
    }

    @Test
    void wholeNumberLabelsAreTheirOwnClassIndexWhileEveryLabelIsOne() {
        FormatSpec spec = FormatSpec.csv().csvColumns("x", "y").labelColumn("y").build();
        ExampleParser parser = new ExampleParser(spec);
        assertEquals(2.0, accept(parser, line("t", 0, "1,2")).label);
        assertEquals(0.0, accept(parser, line("t", 1, "1,0.0")).label);
        assertEquals(2.0, accept(parser, line("t", 2, "1,2e0")).label);
        assertEquals(List.of("0", "1", "2"), parser.classNames(), "class 1 is named before it is seen");
        assertEquals(1.0, accept(parser, line("t", 3, "1,01")).label);
        // a name breaks numbering by value: later new labels are numbered by first appearance
        assertEquals(3.0, accept(parser, line("t", 4, "1,cat")).label);
        assertEquals(4.0, accept(parser, line("t", 5, "1,7")).label);
        assertEquals(List.of("0", "1", "2", "cat", "7"), parser.classNames());

        ExampleParser signed = new ExampleParser(spec);
        assertEquals(0.0, accept(signed, line("t", 0, "1,-1")).label);
        assertEquals(1.0, accept(signed, line("t", 1, "1,1")).label);
        assertEquals(0.0, accept(signed, line("t", 2, "1,-1.0")).label);
        assertEquals(List.of("-1", "1"), signed.classNames());

        ExampleParser fixed = new ExampleParser(FormatSpec.csv().csvColumns("x", "y").labelColumn("y")
                .classes("0", "1").build());
        assertEquals(1.0, accept(fixed, line("t", 0, "1,1.0")).label);
        assertEquals(List.of("0", "1"), fixed.classNames());
    }

    @Test
    void valuesBeyondTheLargestMagnitudeAreOutOfRange() {
        FormatSpec csv = FormatSpec.csv().csvColumns("a", "b", "y").labelColumn("y")
                .labelKind(FormatSpec.LabelKind.REAL).build();
        ExampleParser parser = new ExampleParser(csv);
        assertEquals(1e100, accept(parser, line("t", 0, "1e100,-1e100,1")).features[0]);
        assertRejected(reject(parser, line("t", 1, "1,1e300,2")), "t", 1, RejectReason.OUT_OF_RANGE,
                "column 'b': '1e300' exceeds the largest magnitude 1.0E100 that products in a model keep finite",
                "1,1e300,2");
        assertRejected(reject(parser, line("t", 2, "1,2,-1.79e308")), "t", 2, RejectReason.OUT_OF_RANGE,
                "column 'y': '-1.79e308' exceeds the largest magnitude 1.0E100 that products in a model keep finite",
                "1,2,-1.79e308");
        ExampleParser json = new ExampleParser(FormatSpec.json().featureColumns("v").build());
        assertRejected(reject(json, line("t", 0, "{\"v\":[1,1.79e308]}")), "t", 0, RejectReason.OUT_OF_RANGE,
                "column 'v[1]': '1.79E308' exceeds the largest magnitude 1.0E100 that products in a model keep finite",
                "{\"v\":[1,1.79e308]}");
    }

    @Test
    void aLowerMaximumMagnitudeRejectsWhatSinglePrecisionWouldOverflow() {
        ExampleParser json = new ExampleParser(FormatSpec.json().featureColumns("v").maxMagnitude(1e16).build());
        assertArrayEquals(new double[] {1e16, -3}, accept(json, line("t", 0, "{\"v\":[1e16,-3]}")).features);
        // finite as a double, infinite as a float: rejected with the reason, not dropped later
        assertRejected(reject(json, line("t", 1, "{\"v\":[1,4e38]}")), "t", 1, RejectReason.OUT_OF_RANGE,
                "column 'v[1]': '4.0E38' exceeds the largest magnitude 1.0E16 that products in a model keep finite",
                "{\"v\":[1,4e38]}");
        assertThrows(IllegalArgumentException.class, () -> FormatSpec.json().maxMagnitude(1e101));
        assertThrows(IllegalArgumentException.class, () -> FormatSpec.json().maxMagnitude(0));
    }

    @Test
    void rejectsWrongColumnCount() {
        RejectedRecord r = reject(elec2(), line(FILE, 1, "0.1,0.2,0.3,0.4,0.5,0.6"));
        assertRejected(r, FILE, 1, RejectReason.WRONG_COLUMN_COUNT, "expected 7 columns, got 6",
                "0.1,0.2,0.3,0.4,0.5,0.6");
    }

    @Test
    void rejectsMalformedLines() {
        ExampleParser parser = elec2();
        assertRejected(reject(parser, line(FILE, 1, "  ")), FILE, 1, RejectReason.MALFORMED, "blank line", "  ");
        assertRejected(reject(parser, line(FILE, 2, "1,2,3,4,5,\"6,UP")), FILE, 2, RejectReason.MALFORMED,
                "unbalanced double quote in column 6", "1,2,3,4,5,\"6,UP");
        assertRejected(reject(parser, line(FILE, 3, "1,2,3,4,5,6\"x,UP")), FILE, 3, RejectReason.MALFORMED,
                "double quote inside unquoted column 6", "1,2,3,4,5,6\"x,UP");
        assertRejected(reject(parser, line(FILE, 4, "1,2,3,4,5,\"6\"x,UP")), FILE, 4, RejectReason.MALFORMED,
                "text after the closing double quote of column 6", "1,2,3,4,5,\"6\"x,UP");
        assertRejected(reject(parser, line("other.csv", 7, "1,2,3,4,5,6,UP")), "other.csv", 7,
                RejectReason.MALFORMED, "no usable header line for origin 'other.csv'", "1,2,3,4,5,6,UP");

        ExampleParser json = new ExampleParser(FormatSpec.json().labelColumn("c").build());
        assertEquals(RejectReason.MALFORMED.name(), reject(json, line("j", 0, "{\"a\":1,")).reason);
        assertEquals(RejectReason.MALFORMED.name(), reject(json, line("j", 1, "{\"a\":1} {\"a\":2}")).reason);
        assertRejected(reject(json, line("j", 2, "[1,2]")), "j", 2, RejectReason.MALFORMED,
                "line is JSON array, not an object", "[1,2]");
        assertRejected(reject(json, line("j", 3, "{\"a\":1,\"c\":[\"x\"]}")), "j", 3, RejectReason.MALFORMED,
                "column 'c' holds a JSON array, not a scalar", "{\"a\":1,\"c\":[\"x\"]}");
        assertEquals(4, accept(json, line("j", 4, "{\"a\":1,\"c\":\"x\"}")).id, "rejected lines consume ids");
    }

    @Test
    void rejectsMissingColumns() {
        ExampleParser json = new ExampleParser(FormatSpec.json().labelColumn("c").build());
        accept(json, line("j", 0, "{\"a\":1,\"b\":2,\"c\":\"x\"}"));
        assertRejected(reject(json, line("j", 1, "{\"a\":1,\"c\":\"x\"}")), "j", 1, RejectReason.MISSING_COLUMN,
                "column 'b' is missing", "{\"a\":1,\"c\":\"x\"}");
        assertRejected(reject(json, line("j", 2, "{\"a\":1,\"b\":2,\"c\":null}")), "j", 2,
                RejectReason.MISSING_COLUMN, "column 'c' is missing", "{\"a\":1,\"b\":2,\"c\":null}");

        ExampleParser csv = csvWithHeader(FormatSpec.csv().labelColumn("class").build(), "a,b,class");
        assertRejected(reject(csv, line(FILE, 1, "1,,UP")), FILE, 1, RejectReason.MISSING_COLUMN,
                "column 'b' is empty", "1,,UP");
        accept(csv, line(FILE, 2, "1,2,UP"));
        assertRejected(reject(csv, line(FILE, 3, "1,2, ")), FILE, 3, RejectReason.MISSING_COLUMN,
                "column 'class' is empty", "1,2, ");
        assertEquals(ParseResult.Kind.HEADER, csv.parse(line("b.csv", 0, "a,label,b")).kind());
        assertRejected(reject(csv, line("b.csv", 1, "1,UP,2")), "b.csv", 1, RejectReason.MISSING_COLUMN,
                "column 'class' is not in the header of origin 'b.csv'", "1,UP,2");
    }

    @Test
    void rejectsUnparsableNumbers() {
        ExampleParser parser = elec2();
        accept(parser, line(FILE, 1, "0.1,0.2,0.3,0.4,0.5,0.6,UP"));
        assertRejected(reject(parser, line(FILE, 2, "0.1,0.2,abc,0.4,0.5,0.6,UP")), FILE, 2,
                RejectReason.UNPARSABLE_NUMBER, "column 'nswdemand': 'abc' is not a number",
                "0.1,0.2,abc,0.4,0.5,0.6,UP");
        for (String bad : new String[] {"1d", "0x1p3", "1.2.3", "--1", "1e"}) {
            RejectedRecord r = reject(parser, line(FILE, 3, "0.1," + bad + ",0.3,0.4,0.5,0.6,UP"));
            assertEquals(RejectReason.UNPARSABLE_NUMBER.name(), r.reason, bad);
            assertEquals("column 'nswprice': '" + bad + "' is not a number", r.detail);
        }
        ExampleParser timed = csvWithHeader(FormatSpec.csv().timeColumn("t").build(), "t,x");
        assertRejected(reject(timed, line(FILE, 1, "2024-01-01,1")), FILE, 1, RejectReason.UNPARSABLE_NUMBER,
                "column 't': '2024-01-01' is not a number", "2024-01-01,1");
    }

    @Test
    void rejectsNonFiniteValues() {
        ExampleParser parser = elec2();
        accept(parser, line(FILE, 1, "0.1,0.2,0.3,0.4,0.5,0.6,UP"));
        String[] spellings = {"NaN", "nan", "Infinity", "-inf", "1e999", "+INF"};
        for (String value : spellings) {
            String text = "0.1,0.2,0.3,0.4," + value + ",0.6,UP";
            assertRejected(reject(parser, line(FILE, 2, text)), FILE, 2, RejectReason.NON_FINITE_VALUE,
                    "column 'vicdemand': '" + value + "' is not finite", text);
        }
        ExampleParser json = new ExampleParser(FormatSpec.json().labelColumn("y")
                .labelKind(FormatSpec.LabelKind.REAL).build());
        assertRejected(reject(json, line("j", 0, "{\"v\":[1,NaN],\"y\":1}")), "j", 0,
                RejectReason.NON_FINITE_VALUE, "column 'v[1]': 'NaN' is not finite", "{\"v\":[1,NaN],\"y\":1}");
        assertRejected(reject(json, line("j", 1, "{\"v\":[1,2],\"y\":\"-Infinity\"}")), "j", 1,
                RejectReason.NON_FINITE_VALUE, "column 'y': '-Infinity' is not finite",
                "{\"v\":[1,2],\"y\":\"-Infinity\"}");
    }

    @Test
    void rejectsWrongDimension() {
        ExampleParser json = new ExampleParser(FormatSpec.json().build());
        accept(json, line("j", 0, "{\"v\":[1,2,3]}"));
        assertRejected(reject(json, line("j", 1, "{\"v\":[1,2]}")), "j", 1, RejectReason.WRONG_DIMENSION,
                "expected 3 features, got 2", "{\"v\":[1,2]}");
        ExampleParser fixed = new ExampleParser(FormatSpec.json().expectedDimension(2).build());
        assertRejected(reject(fixed, line("j", 0, "{\"v\":[1,2,3]}")), "j", 0, RejectReason.WRONG_DIMENSION,
                "expected 2 features, got 3", "{\"v\":[1,2,3]}");
        assertEquals(2, fixed.dimension());
    }

    @Test
    void rejectsUnknownClassWhenClassesAreFixed() {
        FormatSpec spec = FormatSpec.csv().labelColumn("class").classes("UP", "DOWN").build();
        ExampleParser parser = csvWithHeader(spec, ELEC2_HEADER);
        assertRejected(reject(parser, line(FILE, 1, "1,2,3,4,5,6,up")), FILE, 1, RejectReason.UNKNOWN_CLASS,
                "column 'class': 'up' is not one of [UP, DOWN]", "1,2,3,4,5,6,up");
        assertEquals(List.of("UP", "DOWN"), parser.classNames());
    }

    @Test
    void assignsClassesInOrderOfFirstAcceptedAppearance() {
        ExampleParser parser = csvWithHeader(FormatSpec.csv().labelColumn("c").build(), "x,c");
        double[] labels = new double[6];
        String[] rows = {"1,b", "x,z", "2,a", "3,b", "4,z", "5,a"};
        for (int i = 0; i < rows.length; i++) {
            ParseResult result = parser.parse(line(FILE, i + 1, rows[i]));
            labels[i] = result.kind() == ParseResult.Kind.ACCEPTED ? result.example().label : -1;
        }
        // "z" first appears in a rejected row, so it gets its index only when accepted later.
        assertArrayEquals(new double[] {0, -1, 1, 0, 2, 1}, labels);
        assertEquals(List.of("b", "a", "z"), parser.classNames());
    }

    @Test
    void eachExampleNamesTheClassesKnownWhenItWasParsedSharingOneTableUntilAClassIsAdded() {
        ExampleParser parser = csvWithHeader(FormatSpec.csv().labelColumn("c").build(), "x,c");
        Example first = accept(parser, line(FILE, 1, "1,b"));
        Example second = accept(parser, line(FILE, 2, "2,b"));
        Example third = accept(parser, line(FILE, 3, "3,a"));
        assertArrayEquals(new String[] {"b"}, first.classes);
        assertSame(first.classes, second.classes, "no class added: the same table");
        assertArrayEquals(new String[] {"b", "a"}, third.classes);
        assertArrayEquals(new String[] {"b"}, first.classes, "a table is never changed once shared");
        ExampleParser restored = new ExampleParser(FormatSpec.csv().labelColumn("c").build());
        restored.restoreState(parser.snapshotState());
        assertArrayEquals(new String[] {"b", "a"}, accept(restored, line(FILE, 4, "4,b")).classes);
        ExampleParser regression = csvWithHeader(FormatSpec.csv().labelColumn("c").labelKind(FormatSpec.LabelKind.REAL)
                .build(), "x,c");
        assertEquals(0, accept(regression, line(FILE, 1, "1,2.5")).classes.length);
    }

    @Test
    void readsEachOriginsHeaderAndMapsColumnsByName() {
        ExampleParser parser = csvWithHeader(FormatSpec.csv().labelColumn("c").build(), "x,y,c");
        assertArrayEquals(new double[] {1, 2}, accept(parser, line(FILE, 1, "1,2,A")).features);
        assertEquals(ParseResult.Kind.HEADER, parser.parse(line("b.csv", 0, " c , y , x ")).kind());
        Example e = accept(parser, line("b.csv", 1, "B,20,10"));
        assertEquals(named(new Example(1, "", 1, new double[] {10, 20}, 1, -1), "A", "B"), e);
        assertRejected(reject(parser, line("c.csv", 0, "x,x,c")), "c.csv", 0, RejectReason.MALFORMED,
                "header repeats the column name 'x'", "x,x,c");
        assertEquals(RejectReason.MALFORMED.name(), reject(parser, line("c.csv", 1, "1,2,A")).reason);
        assertEquals(ParseResult.Kind.HEADER, parser.parse(line("d.csv", 0, "x,y,c")).kind());
        assertEquals(3, accept(parser, line("d.csv", 1, "1,2,A")).id, "header lines consume no ids");
    }

    @Test
    void restoredParserContinuesIdentically() {
        FormatSpec spec = FormatSpec.csv().labelColumn("class").build();
        List<TextLine> lines = new ArrayList<>();
        lines.add(line("a.csv", 0, ELEC2_HEADER));
        String[] labels = {"UP", "DOWN", "SIDE"};
        for (int i = 1; i <= 40; i++) {
            String value = i % 7 == 0 ? "NaN" : String.valueOf(i * 0.25);
            lines.add(line(i <= 20 ? "a.csv" : "b.csv", i <= 20 ? i : i - 21,
                    i == 21 ? "transfer,class,vicdemand,vicprice,nswdemand,nswprice,period"
                            : i < 21 ? value + ",1,2,3,4,5," + labels[(i * i) % 3]
                            : "5," + labels[(i * i) % 3] + ",4,3,2,1," + value));
        }
        ExampleParser original = new ExampleParser(spec);
        List<ParseResult> expected = new ArrayList<>();
        for (TextLine l : lines) {
            expected.add(original.parse(l));
        }
        for (int cut : new int[] {0, 1, 5, 20, 21, 22, 35}) {
            ExampleParser before = new ExampleParser(spec);
            for (TextLine l : lines.subList(0, cut)) {
                before.parse(l);
            }
            ExampleParser restored = new ExampleParser(spec);
            restored.restoreState(before.snapshotState());
            for (int i = cut; i < lines.size(); i++) {
                assertSameResult(expected.get(i), restored.parse(lines.get(i)), "cut " + cut + ", line " + i);
            }
            assertEquals(original.classNames(), restored.classNames());
        }
    }

    private static void assertSameResult(ParseResult expected, ParseResult actual, String message) {
        assertEquals(expected.kind(), actual.kind(), message);
        if (expected.kind() == ParseResult.Kind.ACCEPTED) {
            assertEquals(expected.example(), actual.example(), message);
        } else if (expected.kind() == ParseResult.Kind.REJECTED) {
            assertEquals(expected.rejected(), actual.rejected(), message);
        }
    }

    @Test
    void restoreRejectsStateContradictingTheSpec() {
        ExampleParser parser = new ExampleParser(FormatSpec.csv().labelColumn("c").classes("A", "B").build());
        ParserState state = parser.snapshotState();
        state.classNames = new String[] {"B", "A"};
        assertThrows(IllegalArgumentException.class, () -> parser.restoreState(state));
        state.classNames = new String[] {"A", "A"};
        ExampleParser free = new ExampleParser(FormatSpec.csv().labelColumn("c").build());
        assertThrows(IllegalArgumentException.class, () -> free.restoreState(state));
    }

    private static Example named(Example example, String... classes) {
        example.classes = classes;
        return example;
    }
}
