package io.flinkdrift.io;

import io.flinkdrift.records.TextLine;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BoundedLineFormatTest {

    @TempDir
    java.nio.file.Path dir;

    @Test
    void splitsAtLfAndCrLfKeepsEmptyLinesAndTheUnterminatedLastLine() throws IOException {
        java.nio.file.Path file = write("mixed.txt", "a\r\nb\n\nc\r\n\r\nlast");
        String origin = new Path(file.toUri()).toString();

        assertEquals(List.of(
                        new TextLine(origin, 0, -1, "a", false),
                        new TextLine(origin, 1, -1, "b", false),
                        new TextLine(origin, 2, -1, "", false),
                        new TextLine(origin, 3, -1, "c", false),
                        new TextLine(origin, 4, -1, "", false),
                        new TextLine(origin, 5, -1, "last", false)),
                records(readAll(new BoundedLineFormat(), file)));
    }

    @Test
    void aFinalNewlineEndsTheLastLineAndAnEmptyFileHasNoLines() throws IOException {
        assertEquals(List.of("x", ""), texts(write("two.txt", "x\n\n")));
        assertEquals(List.of(), texts(write("empty.txt", "")));
        assertEquals(List.of(""), texts(write("newline.txt", "\n")));
        // A lone \r is not a terminator: it stays part of the text.
        assertEquals(List.of("a\rb", "c\r"), texts(write("cr.txt", "a\rb\nc\r")));
    }

    @Test
    void oversizedLinesAreTruncatedFlaggedAndFollowedByCorrectLineNumbers() throws IOException {
        // One oversized line spans more than the reader's 64 KiB read buffer, with a CRLF ending.
        String huge = "h".repeat(200_000);
        java.nio.file.Path file = write("long.txt",
                "short\n0123456789abcdef\nnext\r\n" + huge + "\r\n12345678\r\n123456789\nend");

        List<TextLine> lines = records(readAll(new BoundedLineFormat(8), file));

        assertEquals(List.of("short", "01234567", "next", "hhhhhhhh", "12345678", "12345678", "end"),
                lines.stream().map(l -> l.text).toList());
        assertEquals(List.of(false, true, false, true, false, true, false),
                lines.stream().map(l -> l.oversized).toList());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), lines.stream().map(l -> l.position).toList());
    }

    @Test
    void truncationNeverSplitsAMultiByteCharacter() throws IOException {
        // Limit 5 bytes. é is 2 bytes, € is 3, 😀 is 4.
        java.nio.file.Path file = write("utf8.txt", "ab€\nabcdé\nabc€\na😀b\nab😀\nabcd😀\n😀😀");

        List<TextLine> lines = records(readAll(new BoundedLineFormat(5), file));

        assertEquals(List.of("ab€", "abcd", "abc", "a😀", "ab", "abcd", "😀"),
                lines.stream().map(l -> l.text).toList());
        assertEquals(List.of(false, true, true, true, true, true, true),
                lines.stream().map(l -> l.oversized).toList());
    }

    @Test
    void restoringFromAnyEmittedPositionContinuesWithTheNextLineNumber() throws IOException {
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            content.append(i == 17 ? "x".repeat(100) : "line " + i).append(i % 3 == 0 ? "\r\n" : "\n");
        }
        java.nio.file.Path file = write("restore.txt", content.toString());
        BoundedLineFormat format = new BoundedLineFormat(16);
        List<RecordAndPosition<TextLine>> all = readAll(format, file);
        assertEquals(40, all.size());

        for (int i = 0; i < all.size(); i++) {
            RecordAndPosition<TextLine> checkpoint = all.get(i);
            FileSourceSplit restored = split(file).updateWithCheckpointedPosition(
                    new CheckpointedPosition(checkpoint.getOffset(), checkpoint.getRecordSkipCount()));
            List<TextLine> rest = records(drain(format.restoreReader(new Configuration(), restored)));
            assertEquals(records(all.subList(i + 1, all.size())), rest, "restored after line " + i);
        }
    }

    @Test
    void rejectsAMaximumLineLengthOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new BoundedLineFormat(0));
        assertThrows(IllegalArgumentException.class,
                () -> new BoundedLineFormat(BoundedLineFormat.MAX_MAX_LINE_BYTES + 1));
    }

    private List<String> texts(java.nio.file.Path file) throws IOException {
        return records(readAll(new BoundedLineFormat(), file)).stream().map(l -> l.text).toList();
    }

    private java.nio.file.Path write(String name, String content) throws IOException {
        return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }

    private static FileSourceSplit split(java.nio.file.Path file) throws IOException {
        long size = Files.size(file);
        long modified = Files.getLastModifiedTime(file).toMillis();
        return new FileSourceSplit("0", new Path(file.toUri()), 0, size, modified, size);
    }

    private static List<RecordAndPosition<TextLine>> readAll(BoundedLineFormat format, java.nio.file.Path file)
            throws IOException {
        return drain(format.createReader(new Configuration(), split(file)));
    }

    /** Copies every record with its position; the reader may reuse the position holder. */
    private static List<RecordAndPosition<TextLine>> drain(BulkFormat.Reader<TextLine> reader)
            throws IOException {
        List<RecordAndPosition<TextLine>> out = new ArrayList<>();
        try (reader) {
            BulkFormat.RecordIterator<TextLine> batch;
            while ((batch = reader.readBatch()) != null) {
                RecordAndPosition<TextLine> next;
                while ((next = batch.next()) != null) {
                    out.add(new RecordAndPosition<>(
                            next.getRecord(), next.getOffset(), next.getRecordSkipCount()));
                }
                batch.releaseBatch();
            }
        }
        return out;
    }

    private static List<TextLine> records(List<RecordAndPosition<TextLine>> positioned) {
        return positioned.stream().map(RecordAndPosition::getRecord).toList();
    }
}
