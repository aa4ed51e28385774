package io.flinkdrift.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkdrift.records.TextLine;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.RejectReason;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Categorical columns as hashed one-hot features ({@link CategoricalHashing}) in the parser. */
class CategoricalFeaturesTest {

    private static final int BUCKETS = 8;
    private static final String HEADER = "x,city,y,device,label";

    private static FormatSpec spec() {
        return FormatSpec.csv().labelColumn("label").categoricalColumns(List.of("city", "device"))
                .hashBuckets(BUCKETS).build();
    }

    private static ParseResult parse(ExampleParser parser, long position, String text) {
        return parser.parse(new TextLine("f.csv", position, -1, text, false));
    }

    private static ExampleParser withHeader(FormatSpec spec) {
        ExampleParser parser = new ExampleParser(spec);
        assertEquals(ParseResult.Kind.HEADER, parse(parser, 0, HEADER).kind());
        return parser;
    }

    private static Example accept(ExampleParser parser, long position, String text) {
        ParseResult result = parse(parser, position, text);
        assertEquals(ParseResult.Kind.ACCEPTED, result.kind(), result::toString);
        return result.example();
    }

    /** The expected features: the numbers, then one count per bucket. */
    private static double[] expected(double x, double y, String city, String device) {
        double[] features = new double[2 + BUCKETS];
        features[0] = x;
        features[1] = y;
        features[2 + CategoricalHashing.bucket("city", city, BUCKETS)] += 1;
        features[2 + CategoricalHashing.bucket("device", device, BUCKETS)] += 1;
        return features;
    }

    @Test
    void numericColumnsComeFirstUnchangedThenOneHotBucketsPerCategoricalColumn() {
        ExampleParser parser = withHeader(spec());
        assertArrayEquals(expected(1.5, -2, "Paris", "phone"), accept(parser, 1, "1.5,Paris,-2,phone,a").features);
        Example unseen = accept(parser, 2, "3,Reykjavik,4, tablet ,b");
        assertArrayEquals(expected(3, 4, "Reykjavik", "tablet"), unseen.features, "an unseen value works, trimmed");
        assertEquals(2.0, Arrays.stream(unseen.features, 2, 2 + BUCKETS).sum(), "one 1 per categorical column");
        assertEquals(List.of("x", "y"), parser.featureColumns(), "categorical columns are not numeric features");

        ExampleParser numericOnly = new ExampleParser(FormatSpec.csv().labelColumn("label").build());
        parse(numericOnly, 0, "x,y,label");
        assertArrayEquals(new double[] {3, 4}, accept(numericOnly, 1, "3,4,b").features);
    }

    /**
     * A value's bucket is a pure function of the column and the value: these were computed once and
     * must never change, or models restored from a savepoint would read their features elsewhere.
     */
    @Test
    void aValueKeepsItsBucketAcrossRestartsAndInstances() {
        assertArrayEquals(new int[] {965, 938, 441, 563}, new int[] {
                CategoricalHashing.bucket("city", "Paris", 1000),
                CategoricalHashing.bucket("city", "Reykjavik", 1000),
                CategoricalHashing.bucket("device", "Paris", 1000),
                CategoricalHashing.bucket("", "", 1000)});

        ExampleParser before = withHeader(spec());
        accept(before, 1, "1,Paris,2,phone,a");
        ExampleParser restored = new ExampleParser(spec());
        restored.restoreState(before.snapshotState());
        assertEquals(ParseResult.Kind.HEADER, parse(restored, 0, HEADER).kind());
        assertArrayEquals(accept(withHeader(spec()), 2, "5,Oslo,6,watch,b").features,
                accept(restored, 2, "5,Oslo,6,watch,b").features);
    }

    /** The same value in two columns is two features: the column is part of the hashed key. */
    @Test
    void bucketsSpreadValuesEvenlyAndSeparateColumns() {
        int buckets = 16;
        int values = 16_000;
        int[] counts = new int[buckets];
        int sameBucketInBothColumns = 0;
        for (int v = 0; v < values; v++) {
            counts[CategoricalHashing.bucket("city", "value-" + v, buckets)]++;
            sameBucketInBothColumns += CategoricalHashing.bucket("city", "value-" + v, buckets)
                    == CategoricalHashing.bucket("device", "value-" + v, buckets) ? 1 : 0;
        }
        double chiSquare = 0;
        double expected = values / (double) buckets;
        for (int count : counts) {
            chiSquare += (count - expected) * (count - expected) / expected;
        }
        assertTrue(chiSquare < 37.7, "chi-square " + chiSquare + " with 15 degrees of freedom (p = 0.001: 37.7)");
        double p = 1.0 / buckets;
        assertEquals(p, sameBucketInBothColumns / (double) values, 4 * Math.sqrt(p * (1 - p) / values));
    }

    @Test
    void jsonFieldsWorkAlikeAndAMissingCategoricalFieldIsRejected() {
        FormatSpec json = FormatSpec.json().labelColumn("label").categoricalColumns(List.of("city", "device"))
                .hashBuckets(BUCKETS).build();
        ExampleParser parser = new ExampleParser(json);
        ParseResult result = parser.parse(new TextLine("t", 0, -1,
                "{\"x\": 1.5, \"city\": \"Paris\", \"y\": -2, \"device\": \"phone\", \"label\": \"a\"}", false));
        assertArrayEquals(expected(1.5, -2, "Paris", "phone"), result.example().features);
        ParseResult missing = parser.parse(new TextLine("t", 1, -1, "{\"x\": 1, \"y\": 2, \"city\": \"Oslo\", \"label\": \"a\"}", false));
        assertEquals(RejectReason.MISSING_COLUMN.name(), missing.rejected().reason);

        ExampleParser csv = withHeader(spec());
        assertEquals(ParseResult.Kind.HEADER, parse(csv, 0, "x,y,device,label").kind());
        assertEquals(RejectReason.MISSING_COLUMN.name(), parse(csv, 1, "1,2,phone,a").rejected().reason);
    }

    @Test
    void specRefusesBucketsWithoutColumnsAndColumnsWithoutOrTooManyBuckets() {
        assertThrows(IllegalArgumentException.class, () -> FormatSpec.csv().hashBuckets(4).build());
        assertThrows(IllegalArgumentException.class,
                () -> FormatSpec.csv().categoricalColumns(List.of("c")).build());
        assertThrows(IllegalArgumentException.class, () -> FormatSpec.csv().categoricalColumns(List.of("c"))
                .hashBuckets(CategoricalHashing.MAX_BUCKETS + 1).build());
        assertThrows(IllegalArgumentException.class, () -> FormatSpec.csv().labelColumn("c")
                .categoricalColumns(List.of("c")).hashBuckets(4).build());
        assertEquals(2 + 4, FormatSpec.csv().featureColumns("a", "b").categoricalColumns(List.of("c")).hashBuckets(4)
                .expectedDimension(6).build().expectedDimension());
    }
}
