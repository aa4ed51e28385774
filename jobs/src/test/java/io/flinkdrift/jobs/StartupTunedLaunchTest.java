package io.flinkdrift.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartupTunedLaunchTest {

    @TempDir
    Path dir;

    private Path file(String name, long bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, new byte[(int) bytes]);
        return file;
    }

    @Test
    void onlySmallBoundedFilesQualify() throws IOException {
        String small = "file:" + file("small.csv", 1000);
        String limit = "file:" + file("limit.csv", StartupTunedLaunch.MAX_INPUT_BYTES - 1000);
        String large = "file:" + file("large.csv", StartupTunedLaunch.MAX_INPUT_BYTES + 1);

        assertTrue(StartupTunedLaunch.smallBoundedFiles(new String[] {"classify", "--source", small}));
        assertTrue(StartupTunedLaunch.smallBoundedFiles(new String[] {"classify", "--source=" + small, "--sink",
                "file:" + dir.resolve("out")}));
        assertTrue(StartupTunedLaunch.smallBoundedFiles(new String[] {"ann", "--source", small, "--queries", limit}));
        assertTrue(StartupTunedLaunch.smallBoundedFiles(new String[] {"classify", "--source", small,
                "--monitor-interval", "0"}));

        assertFalse(StartupTunedLaunch.smallBoundedFiles(new String[] {"classify", "--source", large}));
        assertFalse(StartupTunedLaunch.smallBoundedFiles(new String[] {"ann", "--source", limit, "--queries", limit}),
                "the inputs' sizes add up");
        assertFalse(StartupTunedLaunch.smallBoundedFiles(new String[] {"classify", "--source", small,
                "--monitor-interval", "5"}), "a watched input is unbounded");
        assertFalse(StartupTunedLaunch.smallBoundedFiles(new String[] {"ann", "--source", small,
                "--queries", "synthetic:clusters"}));
        assertFalse(StartupTunedLaunch.smallBoundedFiles(new String[] {"classify", "--source", "file:" + dir}),
                "a directory may grow");
        assertFalse(StartupTunedLaunch.smallBoundedFiles(new String[] {"classify", "--source", "kafka:examples"}));
        assertFalse(StartupTunedLaunch.smallBoundedFiles(new String[] {"classify"}), "the default source is synthetic");
        assertFalse(StartupTunedLaunch.smallBoundedFiles(new String[] {"classify", "--source", small,
                "--source", "synthetic:sea"}), "the last --source counts, as for picocli");
    }

    @Test
    void neverRelaunchesOutsideJavaJar() throws IOException {
        // This JVM is the test runner's, not `java -jar flink-drift-jobs.jar` (nor is `flink run`).
        String small = "file:" + file("small.csv", 1000);
        assertTrue(StartupTunedLaunch.tunedCommand(new String[] {"classify", "--source", small}).isEmpty());
    }

    @Test
    void archiveIsPerJarLocationAndBuild() throws IOException {
        Path jar = file("a.jar", 100);
        Path other = file("b.jar", 100);
        Path archive = StartupTunedLaunch.archive(jar, dir.resolve("cache"));
        assertEquals(archive, StartupTunedLaunch.archive(jar, dir.resolve("cache")));
        assertNotEquals(archive, StartupTunedLaunch.archive(other, dir.resolve("cache")));

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        Path rebuilt = StartupTunedLaunch.archive(jar, dir.resolve("cache"));
        assertNotEquals(archive, rebuilt);
        String location = archive.getFileName().toString().substring(0, "jobs-12345678-".length());
        assertTrue(rebuilt.getFileName().toString().startsWith(location), "the same location keeps its prefix");
    }

    @Test
    void theTunedJvmLogsThroughTheSilentSimpleLoggerUnlessLoggingIsConfigured() {
        List<String> silent = List.of(
                "-Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory",
                "-Dlog4j2.simplelogLevel=OFF");
        List<String> jvm = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xlog:cds=off,cds+dynamic=off");
        assertEquals(concat(jvm, silent), StartupTunedLaunch.tuning(List.of()));
        assertEquals(concat(jvm, silent), StartupTunedLaunch.tuning(List.of("-Xmx1g", "-Dother=1")));
        assertEquals(jvm, StartupTunedLaunch.tuning(List.of("-Dflink-drift.log-level=WARN")),
                "the user's log level needs Log4j's core and the jar's configuration");
        assertEquals(jvm, StartupTunedLaunch.tuning(List.of("-Xmx1g", "-Dlog4j.configurationFile=my.properties")));
        assertEquals(jvm, StartupTunedLaunch.tuning(List.of("-Dlog4j2.level=INFO")));
    }

    @Test
    void aMonitorIntervalOfZeroDigitsIsNotWatching() throws IOException {
        String small = "file:" + file("small.csv", 1000);
        for (String zero : List.of("0", "000")) {
            assertTrue(StartupTunedLaunch.smallBoundedFiles(new String[] {"classify", "--source", small,
                    "--monitor-interval", zero}), zero);
            assertTrue(StartupTunedLaunch.smallBoundedFiles(new String[] {"classify", "--source", small,
                    "--monitor-interval=" + zero}), zero);
        }
        for (String watching : List.of("10", "01", "", "0s")) {
            assertFalse(StartupTunedLaunch.smallBoundedFiles(new String[] {"classify", "--source", small,
                    "--monitor-interval", watching}), watching);
        }
        assertFalse(StartupTunedLaunch.smallBoundedFiles(new String[] {"classify", "--source-file=" + small}),
                "--source-file is not --source");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
