package io.flinkdrift.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkdrift.jobs.testing.CommittedFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs jobs as {@code java -jar} does, on the embedded mini-cluster (no test cluster is registered
 * here): a run that fails ends with one error line and exit code 1 after a bounded number of
 * restarts, an input whose records are (too often) rejected ends in an error after its summary, and
 * a whole process listens on loopback only and leaves no temporary file behind.
 */
@Timeout(300)
class EmbeddedRunTest extends CommandLineTest {

    @TempDir
    Path directory;

    @Test
    void aJobThatKeepsFailingEndsAfterItsRestartsWithOneLine() {
        // the file sink cannot create its directory: every attempt fails
        assertEquals(1, execute("classify", "--source", "synthetic:sea", "--max-records", "100",
                "--sink", "file:/proc/flink-drift-cannot-write-here", "--restart-attempts", "1",
                "--dead-letter", "none", "--progress-interval", "0"));
        assertOneLineError("error: job failed: IOException: Failed to create the parent directory");
    }

    @Test
    void anInputWhoseEveryRecordIsRejectedEndsInAnError() throws IOException {
        Path csv = directory.resolve("rows.csv");
        Files.writeString(csv, "a,b,y\n1,2,0\n3,4,1\n5,6,0\n");
        assertEquals(1, execute("classify", "--source", "file:" + csv, "--label", "y", "--dimension", "3",
                "--sink", "none", "--dead-letter", "none", "--progress-interval", "0"));
        assertOneLineError("every one of the 3 input records was rejected");
    }

    @Test
    void moreRejectedThanTheMaximumFractionEndsInAnError() throws IOException {
        Path csv = directory.resolve("rows.csv");
        StringBuilder rows = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 10; i++) {
            rows.append(i >= 7 ? "x" : String.valueOf(i)).append(",1,").append(i % 2).append('\n');
        }
        Files.writeString(csv, rows);
        String[] args = {"classify", "--source", "file:" + csv, "--label", "y", "--sink", "none",
            "--dead-letter", "none", "--progress-interval", "0", "--max-rejected-fraction", "0.25"};
        assertEquals(1, execute(args));
        assertOneLineError("3 of 10 input records (0.300) were rejected, more than --max-rejected-fraction 0.25");
    }

    @Test
    void wholeNumberLabelsAreNumberedByValueAndTheSummaryNamesTheClasses() throws IOException {
        Path csv = directory.resolve("rows.csv");
        Files.writeString(csv, "a,class\n0.5,1\n0.25,0\n0.75,1.0\n0.5,1\n");
        Path summary = directory.resolve("summary.json");
        assertEquals(0, execute("classify", "--source", "file:" + csv, "--label", "class", "--learner", "no-change",
                "--sink", "none", "--progress-interval", "0", "--summary", summary.toString()));
        JsonNode json = new ObjectMapper().readTree(summary.toFile());
        assertEquals("[\"0\",\"1\"]", json.get("input").get("classes").toString());
        // no-change predicts the previous label: 1 after 0 is wrong, 1 after "1.0" is right (same class)
        assertEquals(4, json.get("classification").get("records").asLong());
        assertEquals(1.0 / 4, json.get("classification").get("accuracy").asDouble(), 1e-12);
    }

    @Test
    void everyPredictionNamesTheClassesKnownWhenItWasMade() throws IOException {
        Path csv = directory.resolve("named.csv");
        Files.writeString(csv, "a,class\n0.5,UP\n0.25,UP\n0.75,DOWN\n0.5,UP\n");
        Path predictions = directory.resolve("predictions");
        assertEquals(0, execute("classify", "--source", "file:" + csv, "--label", "class", "--learner", "no-change",
                "--sink", "file:" + predictions, "--progress-interval", "0"));
        List<String> classes = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        List<JsonNode> written = CommittedFiles.jsonLines(predictions);
        written.sort(Comparator.comparingLong(p -> p.get("id").asLong()));
        for (JsonNode prediction : written) {
            classes.add(prediction.get("classes").toString());
            JsonNode names = prediction.get("classes");
            int index = prediction.get("prediction").asInt();
            predicted.add((index < 0 ? "none" : names.get(index).asText())
                    + "/" + names.get(prediction.get("label").asInt()).asText());
        }
        // classes numbered by first appearance; each prediction names those known when it was read
        assertEquals(List.of("[\"UP\"]", "[\"UP\"]", "[\"UP\",\"DOWN\"]", "[\"UP\",\"DOWN\"]"), classes);
        // no-change, as predicted/true names; before any label it predicts no class (-1)
        assertEquals(List.of("none/UP", "UP/UP", "UP/DOWN", "DOWN/UP"), predicted);
    }

    /**
     * A separate JVM with its own temporary directory runs a rate-limited job without a sink; it must
     * report progress, and then every socket it listens on must be bound to loopback; it must end
     * without a stack trace, and its temporary directory must be empty again.
     */
    @Test
    void aProcessListensOnLoopbackOnlyAndLeavesNoTemporaryFiles() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux /proc");
        Path temporary = Files.createDirectory(directory.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + temporary));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> argument.startsWith("--add-opens") || argument.startsWith("--add-exports"))
                .forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FlinkDrift.class.getName(),
                "classify", "--source", "synthetic:sea", "--max-records", "3000", "--rate", "500",
                "--progress-interval", "1", "--sink", "none"));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Set<String> listening = null;
        List<String> stderr = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                stderr.add(line);
                if (listening == null && line.contains("records so far")) {
                    listening = listeningAddresses(process.pid());
                }
            }
        }
        assertEquals(0, process.waitFor(), String.join("\n", stderr));
        assertTrue(listening != null && !listening.isEmpty(), "no progress line or no socket: " + stderr);
        assertTrue(stderr.stream().noneMatch(line -> line.contains("Exception") || line.startsWith("\tat ")),
                "a normal bounded run printed a stack trace: " + stderr);
        for (String address : listening) {
            assertTrue(address.equals("0100007F") || address.equals("0000000000000000FFFF00000100007F")
                    || address.equals("00000000000000000000000001000000"), "listens on " + listening);
        }
        try (Stream<Path> left = Files.list(temporary)) {
            List<Path> files = left.collect(Collectors.toList());
            assertTrue(files.isEmpty(), "left behind: " + files);
        }
    }

    /** The local addresses (hex, as in /proc/net/tcp) of the TCP sockets the process listens on. */
    private static Set<String> listeningAddresses(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path descriptor : (Iterable<Path>) descriptors::iterator) {
                try {
                    String target = Files.readSymbolicLink(descriptor).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor was closed while listing
                }
            }
        }
        Set<String> addresses = new HashSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            List<String> rows = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "net", table));
            for (String row : rows.subList(1, rows.size())) {
                String[] fields = row.trim().split("\\s+");
                boolean listen = fields[3].equals("0A");
                if (listen && inodes.contains(fields[9])) {
                    addresses.add(fields[1].substring(0, fields[1].indexOf(':')));
                }
            }
        }
        assertFalse(inodes.isEmpty(), "the process has no socket");
        return addresses;
    }
}
