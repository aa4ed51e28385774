package io.flinkdrift.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What a job's file sink committed under a directory. */
public final class CommittedFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CommittedFiles() {}

    /**
     * Every line of the committed part files under {@code dir}, file by file; in-progress and
     * pending files, whose names start with '.', are skipped.
     */
    public static List<String> lines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        return lines;
    }

    /** {@link #lines} parsed as JSON. */
    public static List<JsonNode> jsonLines(Path dir) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : lines(dir)) {
            records.add(JSON.readTree(line));
        }
        return records;
    }
}
