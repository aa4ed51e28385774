package io.flinkdrift.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class FormatSpecTest {

    private static void assertInvalid(Executable build, String messagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    @Test
    void hasDocumentedDefaults() {
        FormatSpec spec = FormatSpec.csv().build();
        assertEquals(FormatSpec.Format.CSV, spec.format());
        assertEquals(List.of(), spec.featureColumns());
        assertNull(spec.labelColumn());
        assertEquals(FormatSpec.LabelKind.CLASS, spec.labelKind());
        assertEquals(List.of(), spec.classes());
        assertNull(spec.keyColumn());
        assertNull(spec.timeColumn());
        assertNull(spec.idColumn());
        assertNull(spec.csvColumns());
        assertEquals(',', spec.delimiter());
        assertEquals(0, spec.expectedDimension());
        assertEquals(false, spec.classOrderDependsOnArrival());
        assertEquals(true, FormatSpec.json().labelColumn("y").build().classOrderDependsOnArrival());
    }

    @Test
    void survivesJavaSerializationAndTrimsNames() throws Exception {
        FormatSpec spec = FormatSpec.csv().csvColumns(" a", "b ", "c").featureColumns("a", "b").labelColumn(" c ")
                .classes("UP", "DOWN").delimiter('\t').expectedDimension(2).build();
        assertEquals(List.of("a", "b", "c"), spec.csvColumns());
        assertEquals("c", spec.labelColumn());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(spec);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(spec, in.readObject());
        }
    }

    @Test
    void rejectsInvalidCombinations() {
        assertInvalid(() -> FormatSpec.builder(null), "format");
        assertInvalid(() -> FormatSpec.csv().labelColumn("x").keyColumn("x").build(), "more than one of the roles");
        assertInvalid(() -> FormatSpec.csv().labelColumn("y").featureColumns("a", "y").build(), "featureColumns");
        assertInvalid(() -> FormatSpec.csv().featureColumns("a", "a"), "twice");
        assertInvalid(() -> FormatSpec.csv().featureColumns("a", " "), "non-blank");
        assertInvalid(() -> FormatSpec.csv().labelColumn(" "), "labelColumn");
        assertInvalid(() -> FormatSpec.csv().classes("A").build(), "classes require");
        assertInvalid(() -> FormatSpec.csv().labelColumn("y").labelKind(FormatSpec.LabelKind.REAL).classes("A")
                .build(), "classes require");
        assertInvalid(() -> FormatSpec.json().csvColumns("a").build(), "CSV only");
        assertInvalid(() -> FormatSpec.csv().csvColumns("a", "b").labelColumn("c").build(), "'c'");
        assertInvalid(() -> FormatSpec.csv().delimiter('"'), "delimiter");
        assertInvalid(() -> FormatSpec.csv().expectedDimension(-1), "expectedDimension must be >= 0");
        assertInvalid(() -> FormatSpec.csv().featureColumns("a", "b").expectedDimension(3).build(), "contradicts");
    }
}
