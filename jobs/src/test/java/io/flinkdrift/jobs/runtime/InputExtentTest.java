package io.flinkdrift.jobs.runtime;

import io.flinkdrift.formats.ParseFunction;
import io.flinkdrift.jobs.cli.CommonOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The input extent behind progress percentages, and the time left they give. */
class InputExtentTest {

    @TempDir
    Path dir;

    private static CommonOptions options(String source) {
        CommonOptions options = new CommonOptions();
        options.source = source;
        return options;
    }

    @Test
    void aCsvFileHasItsLinesLessTheHeaderAJsonFileAllItsLines() throws Exception {
        Path csv = dir.resolve("in.csv");
        Files.writeString(csv, "a,label\n1,x\n2,y\n3,x"); // no line break after the last line
        assertEquals(4, InputExtent.lines(csv));
        assertEquals(new InputExtent(ParseFunction.RECORDS_READ, 3), InputExtent.of(options("file:" + csv)));

        CommonOptions headerless = options("file:" + csv);
        headerless.columns = List.of("a", "label");
        assertEquals(4, InputExtent.of(headerless).total());

        Path json = dir.resolve("in.jsonl");
        Files.writeString(json, "{\"a\":1}\n{\"a\":2}\n");
        assertEquals(2, InputExtent.of(options("file:" + json)).total());
    }

    @Test
    void generatorsCountTheirMaxRecordsAndUnknownExtentsAreNull() {
        CommonOptions bounded = options("synthetic:sea");
        bounded.maxRecords = 5000;
        assertEquals(new InputExtent(JobRunner.PROCESSED_COUNTER, 5000), InputExtent.of(bounded));
        CommonOptions unbounded = options("synthetic:sea");
        unbounded.maxRecords = 0;
        assertNull(InputExtent.of(unbounded));
        assertNull(InputExtent.of(options("kafka:topic")));
        assertNull(InputExtent.of(options("file:" + dir)), "a directory");
        CommonOptions watched = options("file:" + dir.resolve("in.csv"));
        watched.monitorIntervalSeconds = 5;
        assertNull(InputExtent.of(watched));
    }

    @Test
    void theTimeLeftIsTheElapsedTimeScaledByWhatIsLeft() {
        assertEquals(0.25, new InputExtent("c", 400).fractionDone(100));
        assertEquals(1.0, new InputExtent("c", 400).fractionDone(500), "never above 1");
        assertEquals(", 25% read, about 30 s left", ProgressReporter.timeLeft(0.25, 10));
        assertEquals(", 10% read, about 2 min 15 s left", ProgressReporter.timeLeft(0.1, 15));
        assertEquals(", 0% read", ProgressReporter.timeLeft(0, 15));
        assertEquals(", 100% read", ProgressReporter.timeLeft(1, 15));
    }
}
