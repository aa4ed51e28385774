package io.flinkdrift.io;

import io.flinkdrift.records.TextLine;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileConnectorsTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir
    java.nio.file.Path dir;

    @Test
    void aDirectorySourceEmitsEveryLineOfEveryFileWithItsOriginAndNumber() throws Exception {
        java.nio.file.Path a = Files.writeString(dir.resolve("a.txt"), "alpha\r\nbeta\n\ngamma");
        java.nio.file.Path b = Files.writeString(dir.resolve("b.txt"), "0123456789abcdefXYZ\nlast\n");
        Files.writeString(dir.resolve(".hidden"), "never read\n");
        String originA = new Path(a.toUri()).toString();
        String originB = new Path(b.toUri()).toString();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        List<TextLine> lines = env.fromSource(
                        FileSources.lines(List.of(new Path(dir.toUri())), null, 16),
                        WatermarkStrategy.noWatermarks(), "lines")
                .executeAndCollect("lines", 100);

        assertEquals(Set.of(
                        new TextLine(originA, 0, -1, "alpha", false),
                        new TextLine(originA, 1, -1, "beta", false),
                        new TextLine(originA, 2, -1, "", false),
                        new TextLine(originA, 3, -1, "gamma", false),
                        new TextLine(originB, 0, -1, "0123456789abcdef", true),
                        new TextLine(originB, 1, -1, "last", false)),
                new HashSet<>(lines));
        assertEquals(6, lines.size());
    }

    @Test
    void aMonitorIntervalMakesTheSourceUnbounded() {
        List<Path> paths = List.of(new Path(dir.toUri()));
        assertEquals(Boundedness.BOUNDED, FileSources.lines(paths, null, 100).getBoundedness());
        assertEquals(Boundedness.CONTINUOUS_UNBOUNDED,
                FileSources.lines(paths, Duration.ofSeconds(1), 100).getBoundedness());
        assertThrows(IllegalArgumentException.class, () -> FileSources.lines(paths, Duration.ZERO, 100));
        assertThrows(IllegalArgumentException.class, () -> FileSources.lines(List.of(), null, 100));
    }

    @Test
    void theJsonLinesFileSinkCommitsEveryRecordAtTheEndOfABoundedInput() throws Exception {
        java.nio.file.Path out = dir.resolve("out");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(100);
        List<TextLine> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            records.add(new TextLine("gen", i, i * 10L, "t" + i, false));
        }
        env.fromData(records).sinkTo(Sinks.<TextLine>jsonLinesFile(out.toString()));
        env.execute("file sink");

        List<java.nio.file.Path> parts;
        try (Stream<java.nio.file.Path> files = Files.list(out)) {
            parts = files.collect(Collectors.toList());
        }
        List<String> lines = new ArrayList<>();
        for (java.nio.file.Path part : parts) {
            assertTrue(part.getFileName().toString().endsWith(Sinks.PART_SUFFIX), part.toString());
            lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
        }
        JsonLines<TextLine> json = JsonLines.encoder();
        assertEquals(records.stream().map(r -> new String(json.serialize(r), StandardCharsets.UTF_8))
                        .collect(Collectors.toSet()),
                new HashSet<>(lines));
        assertEquals(100, lines.size());
    }
}
