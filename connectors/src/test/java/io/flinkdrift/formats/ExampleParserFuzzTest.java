package io.flinkdrift.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.flinkdrift.records.Example;
import io.flinkdrift.records.RejectReason;
import io.flinkdrift.records.RejectedRecord;
import io.flinkdrift.records.TextLine;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Feeds thousands of randomly corrupted CSV and JSON rows (fixed seeds) to the parser and checks its
 * contract: it never throws, every data line is accepted or rejected exactly once with ids equal to data
 * row numbers, rejections carry a reason, a detail and the raw text, and accepted examples have finite
 * features of the stream's dimension (and, for quote-free CSV, exactly the values a plain split gives).
 */
class ExampleParserFuzzTest {

    private static final int DATA_LINES_PER_CASE = 2000;
    private static final String[] TOKENS = {
        ",", ";", "\"", "\"\"", "NaN", "nan", "-Infinity", "inf", "1e400", "-1e-400", "9".repeat(400),
        "{", "}", "[", "]", ":", "null", " ", "\t", "\n", "\u0000", "\uFEFF", "\uD800", "\uDBFF\uDFFF",
        "\u00e9", "\u2028", "e", "-", ".", "[".repeat(1500), "0x1p3", "1d"
    };

    private static TextLine data(String origin, long position, String text, boolean oversized) {
        return new TextLine(origin, position, -1, text, oversized);
    }

    /** Checks the contract over a stream of corrupted rows; returns the number of accepted rows. */
    private static int fuzz(FormatSpec spec, long seed, String header, Function<Random, String> validRow,
            int dimension, ExampleChecker checker) {
        Random random = new Random(seed);
        ExampleParser parser = new ExampleParser(spec);
        long dataLines = 0;
        int accepted = 0;
        Set<RejectReason> reasons = EnumSet.noneOf(RejectReason.class);
        long position = 0;
        String origin = "part-0";
        for (int i = 0; i < DATA_LINES_PER_CASE; i++) {
            if (header != null && (i == 0 || i == DATA_LINES_PER_CASE / 2)) {
                origin = "part-" + i;
                position = 0;
                ParseResult result = parser.parse(data(origin, position++, header, false));
                assertEquals(ParseResult.Kind.HEADER, result.kind(), header);
            }
            String valid = validRow.apply(random);
            String text = i == 0 ? valid : corrupt(valid, random);
            boolean oversized = i > 0 && random.nextInt(50) == 0;
            TextLine line = data(origin, position++, text, oversized);
            ParseResult result;
            try {
                result = parser.parse(line);
            } catch (RuntimeException e) {
                throw new AssertionError("parser threw on " + line, e);
            }
            long rowNumber = dataLines++;
            switch (result.kind()) {
                case ACCEPTED:
                    accepted++;
                    Example example = result.example();
                    assertFalse(oversized, "oversized lines are rejected");
                    assertEquals(dimension, example.features.length, text);
                    for (double feature : example.features) {
                        assertTrue(Double.isFinite(feature), text);
                    }
                    checker.check(text, rowNumber, example, parser);
                    break;
                case REJECTED:
                    RejectedRecord rejected = result.rejected();
                    reasons.add(RejectReason.valueOf(rejected.reason));
                    assertFalse(rejected.detail.isEmpty(), text);
                    assertEquals(origin, rejected.origin);
                    assertEquals(line.position, rejected.position);
                    assertEquals(text.substring(0, Math.min(text.length(), RejectedRecord.MAX_RAW_CHARS)),
                            rejected.raw);
                    break;
                default:
                    fail("data line parsed as a header: " + line);
            }
        }
        assertEquals(DATA_LINES_PER_CASE, dataLines);
        assertTrue(accepted > DATA_LINES_PER_CASE / 10, "too few valid rows survive: " + accepted);
        assertTrue(reasons.size() >= 4, "corruptions reach only " + reasons);
        return accepted;
    }

    /** Applies 1 to 3 random corruptions to {@code row}, or none in one case out of five. */
    private static String corrupt(String row, Random random) {
        if (random.nextInt(5) == 0) {
            return row;
        }
        StringBuilder s = new StringBuilder(row);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = s.length() == 0 ? 0 : random.nextInt(s.length() + 1);
            switch (random.nextInt(8)) {
                case 0: // flip one char
                    if (at < s.length()) {
                        s.setCharAt(at, (char) random.nextInt(0x10000));
                    }
                    break;
                case 1: // delete a range
                    s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(4)));
                    break;
                case 2: // insert a nasty token
                    s.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                    break;
                case 3: // truncate
                    s.setLength(at);
                    break;
                case 4: // duplicate a segment
                    int end = at + random.nextInt(s.length() - at + 1);
                    s.insert(end, s.substring(at, end));
                    break;
                case 5: // random unicode: any BMP char (lone surrogates included) or a supplementary one
                    int codePoint = random.nextBoolean() ? random.nextInt(0x10000)
                            : 0x10000 + random.nextInt(Character.MAX_CODE_POINT + 1 - 0x10000);
                    s.insert(at, Character.toChars(codePoint));
                    break;
                case 6: // replace the number run around a random position with a nasty token
                    int from = at;
                    int to = at;
                    while (from > 0 && isNumberChar(s.charAt(from - 1))) {
                        from--;
                    }
                    while (to < s.length() && isNumberChar(s.charAt(to))) {
                        to++;
                    }
                    s.replace(from, to, TOKENS[random.nextInt(TOKENS.length)]);
                    break;
                default: // blank out the whole line
                    s.setLength(0);
                    s.append(" ".repeat(random.nextInt(3)));
            }
        }
        return s.toString();
    }

    private static boolean isNumberChar(char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'e' || c == 'E';
    }

    private static String number(Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return String.valueOf(random.nextInt(2000) - 1000);
            case 1:
                return String.valueOf(random.nextDouble());
            case 2:
                return String.format(Locale.ROOT, "%.3e", random.nextGaussian() * 1e6);
            default:
                return String.format(Locale.ROOT, "%.6f", random.nextGaussian());
        }
    }

    @FunctionalInterface
    private interface ExampleChecker {
        void check(String text, long rowNumber, Example example, ExampleParser parser);
    }

    @Test
    void csvWithHeaderAndDefaultSelection() {
        FormatSpec spec = FormatSpec.csv().labelColumn("class").build();
        String header = "period,nswprice,nswdemand,vicprice,vicdemand,transfer,class";
        int accepted = fuzz(spec, 11L, header, random -> {
            StringBuilder row = new StringBuilder();
            for (int k = 0; k < 6; k++) {
                row.append(number(random)).append(',');
            }
            return row.append(random.nextBoolean() ? "UP" : "DOWN").toString();
        }, 6, (text, rowNumber, example, parser) -> {
            assertEquals(rowNumber, example.id, "ids are data row numbers");
            assertEquals(rowNumber, example.timestamp);
            assertTrue(example.label >= 0 && example.label < parser.classNames().size());
            assertEquals(0, example.label % 1);
            if (text.indexOf('"') < 0) {
                String[] fields = text.split(",", -1);
                double[] expected = new double[6];
                for (int k = 0; k < 6; k++) {
                    expected[k] = Double.parseDouble(fields[k].trim());
                }
                assertTrue(Arrays.equals(expected, example.features), text);
                assertEquals(fields[6].trim(), parser.classNames().get(example.classIndex()));
            }
        });
        assertTrue(accepted > 0);
    }

    @Test
    void headerlessCsvWithKeyTimeIdAndFixedClasses() {
        FormatSpec spec = FormatSpec.csv().csvColumns("id", "key", "t", "a", "b", "label").delimiter(';')
                .idColumn("id").keyColumn("key").timeColumn("t").labelColumn("label").classes("UP", "DOWN")
                .build();
        fuzz(spec, 22L, null, random -> random.nextInt(1_000_000) + ";\"k;" + random.nextInt(5) + "\"\"\";"
                + (1_700_000_000_000L + random.nextInt(1000)) + ';' + number(random) + ';' + number(random) + ';'
                + (random.nextBoolean() ? "UP" : "DOWN"), 2, (text, rowNumber, example, parser) -> {
                    assertTrue(example.label == 0 || example.label == 1, text);
                    assertFalse(example.key.isEmpty(), text);
                });
    }

    @Test
    void jsonLinesWithArraysAndClassLabels() {
        FormatSpec spec = FormatSpec.json().labelColumn("c").keyColumn("k").build();
        Set<String> seenKeys = new HashSet<>();
        fuzz(spec, 33L, null, random -> "{\"k\":\"s" + random.nextInt(3) + "\",\"a\":" + number(random)
                + ",\"v\":[" + number(random) + "," + number(random) + "," + number(random) + "],\"txt\":\"x,y\""
                + ",\"c\":\"" + (random.nextBoolean() ? "UP" : "DOWN") + "\"}", 4, (text, rowNumber, example, parser) -> {
                    assertEquals(rowNumber, example.id);
                    assertTrue(example.label >= 0 && example.label < parser.classNames().size());
                    seenKeys.add(example.key);
                });
        assertTrue(seenKeys.containsAll(Set.of("s0", "s1", "s2")));
    }

    @Test
    void jsonLinesWithRealLabels() {
        FormatSpec spec = FormatSpec.json().labelColumn("y").labelKind(FormatSpec.LabelKind.REAL)
                .featureColumns("x", "w").timeColumn("ts").build();
        fuzz(spec, 44L, null, random -> "{\"ts\":" + random.nextInt(100000) + ",\"x\":" + number(random)
                + ",\"w\":[" + number(random) + "],\"y\":" + number(random) + "}", 2,
                (text, rowNumber, example, parser) -> assertTrue(Double.isFinite(example.label), text));
    }
}
