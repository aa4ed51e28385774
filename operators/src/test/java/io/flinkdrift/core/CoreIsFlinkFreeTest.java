package io.flinkdrift.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The algorithm cores must stay usable (and testable) without Flink on the classpath. */
class CoreIsFlinkFreeTest {

    @Test
    void noCoreSourceImportsFlink() throws IOException {
        Path core = Path.of("src/main/java/io/flinkdrift/core");
        assertTrue(Files.isDirectory(core), "run from the operators module directory");
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(core)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(CoreIsFlinkFreeTest::importsFlink)
                    .collect(Collectors.toList());
        }
        assertEquals(List.of(), offenders);
    }

    private static boolean importsFlink(Path source) {
        try {
            return Files.readAllLines(source).stream()
                    .anyMatch(line -> line.startsWith("import org.apache.flink.")
                            || line.startsWith("import static org.apache.flink."));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
