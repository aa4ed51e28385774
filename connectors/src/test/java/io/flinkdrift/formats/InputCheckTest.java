package io.flinkdrift.formats;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class InputCheckTest {

    private static final List<String> CSV = List.of("a,b,city,y", "1,2,Paris,0");

    @Test
    void usableInputsPass() {
        assertNull(InputCheck.problem(FormatSpec.csv().labelColumn("y").build(), CSV));
        assertNull(InputCheck.problem(FormatSpec.csv().featureColumns("a", "b").labelColumn("y").build(), CSV));
        assertNull(InputCheck.problem(FormatSpec.csv().labelColumn("y").build(), List.of()));
        assertNull(InputCheck.problem(FormatSpec.csv().featureColumns("a").build(), List.of("a,b")));
        // a blank cell is a missing value of that row, not a non-numeric column
        assertNull(InputCheck.problem(FormatSpec.csv().featureColumns("a").build(), List.of("a,b", " ,x")));
        assertNull(InputCheck.problem(FormatSpec.json().featureColumns("x").labelColumn("y").build(),
                List.of("{\"x\":\"1.5\",\"y\":null}")));
    }

    @Test
    void aNamedColumnMissingFromTheHeaderIsAProblem() {
        assertEquals("column 'klass' is not in the CSV header [a, b, city, y]",
                InputCheck.problem(FormatSpec.csv().labelColumn("klass").build(), CSV));
        assertEquals("column 'foo' is not in the CSV header [a, b, city, y]",
                InputCheck.problem(FormatSpec.csv().featureColumns("a", "foo").labelColumn("y").build(), CSV));
        assertEquals("column 'k' is not in the CSV header [a, b]",
                InputCheck.problem(FormatSpec.csv().keyColumn("k").build(), List.of("a,b")));
        assertEquals("unusable CSV header: header repeats the column name 'a'",
                InputCheck.problem(FormatSpec.csv().build(), List.of("a,a", "1,2")));
    }

    @Test
    void aTextFeatureColumnIsAProblem() {
        assertEquals("feature column 'city' is not numeric: its first value is 'Paris'",
                InputCheck.problem(FormatSpec.csv().featureColumns("a", "city").labelColumn("y").build(), CSV));
        assertEquals("feature column 'x' is not numeric: its first value is 'Paris'",
                InputCheck.problem(FormatSpec.json().featureColumns("x").build(), List.of("{\"x\":\"Paris\"}")));
    }

    @Test
    void aFieldMissingFromTheFirstJsonRecordIsAProblem() {
        assertEquals("field 'klass' is not in the first JSON record (fields: [x, y])",
                InputCheck.problem(FormatSpec.json().labelColumn("klass").build(), List.of("{\"x\":1,\"y\":0}")));
    }
}
