package io.flinkdrift.formats;

import io.flinkdrift.records.TextLine;
import org.apache.flink.api.common.eventtime.TimestampAssigner;

/**
 * The event time of a raw {@link TextLine}, for a source that generates its watermarks per split
 * (per Kafka partition): the {@link io.flinkdrift.records.Example#timestamp} the line parses to
 * with the same {@link FormatSpec} that {@link ParseFunction} applies downstream, and
 * {@link Long#MIN_VALUE} for a line that parses to no example (a rejected line or a CSV header),
 * which therefore never advances a watermark.
 *
 * <p>Contract: the spec has a time or an id column, so that a line's event time is a function of
 * the line alone (the default, a reader's running row number, would depend on which lines the
 * reader saw before). Not thread-safe: one instance per source reader, as Flink creates them.
 */
public final class LineEventTime implements TimestampAssigner<TextLine> {

    private final ExampleParser parser;

    /**
     * @param spec the input format
     * @throws IllegalArgumentException if the spec has neither a time nor an id column
     */
    public LineEventTime(FormatSpec spec) {
        if (spec.timeColumn() == null && spec.idColumn() == null) {
            throw new IllegalArgumentException("a line's event time needs a time or an id column in the spec");
        }
        parser = new ExampleParser(spec);
    }

    @Override
    public long extractTimestamp(TextLine line, long recordTimestamp) {
        ParseResult result = parser.parse(line);
        return result.kind() == ParseResult.Kind.ACCEPTED ? result.example().timestamp : Long.MIN_VALUE;
    }
}
