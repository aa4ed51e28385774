package io.flinkdrift.formats;

import io.flinkdrift.records.TextLine;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The event time of a raw line is the timestamp the line's example gets from the parser (the time
 * column, else the id column), whatever the source's own record time, and {@link Long#MIN_VALUE}
 * for lines that parse to no example, so they never advance a watermark.
 */
class LineEventTimeTest {

    private static final long KAFKA_TIME = 1_700_000_000_000L;

    private static TextLine line(long offset, String text) {
        return new TextLine("topic-3", offset, KAFKA_TIME, text, false);
    }

    @Test
    void eventTimeIsTheTimeColumnOrElseTheIdColumn() {
        LineEventTime timed = new LineEventTime(FormatSpec.json().featureColumns("x").timeColumn("t").idColumn("id").build());
        assertEquals(2500, timed.extractTimestamp(line(0, "{\"id\": 7, \"t\": 2500, \"x\": 1.5}"), KAFKA_TIME));
        assertEquals(2501, timed.extractTimestamp(line(1, "{\"id\": 8, \"t\": 2500.6, \"x\": 1.5}"), KAFKA_TIME));
        LineEventTime byId = new LineEventTime(FormatSpec.json().featureColumns("x").idColumn("id").build());
        assertEquals(7, byId.extractTimestamp(line(0, "{\"id\": 7, \"t\": 2500, \"x\": 1.5}"), KAFKA_TIME));
    }

    @Test
    void aLineWithoutAnExampleHasNoEventTime() {
        LineEventTime timed = new LineEventTime(
                FormatSpec.json().featureColumns("x").timeColumn("t").expectedDimension(1).build());
        assertEquals(Long.MIN_VALUE, timed.extractTimestamp(line(0, "{\"t\": 2500, \"x\": "), KAFKA_TIME));
        assertEquals(Long.MIN_VALUE, timed.extractTimestamp(line(1, "{\"t\": 2500, \"x\": [1, 2]}"), KAFKA_TIME));
        assertEquals(Long.MIN_VALUE, timed.extractTimestamp(line(2, "{\"t\": \"soon\", \"x\": 1}"), KAFKA_TIME));
        assertEquals(Long.MIN_VALUE, timed.extractTimestamp(line(3, ""), KAFKA_TIME));
        assertEquals(3000, timed.extractTimestamp(line(4, "{\"t\": 3000, \"x\": 1}"), KAFKA_TIME));
    }

    @Test
    void aSpecWithoutTimeOrIdColumnIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new LineEventTime(FormatSpec.json().featureColumns("x").build()));
    }
}
