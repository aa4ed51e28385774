package io.flinkdrift.operators.state;

import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.SavepointType;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/**
 * Operator state fixtures of the test harnesses. New fixtures are canonical savepoints, the one
 * snapshot format that both the heap and the RocksDB state backend restore; all are written and read
 * with {@link OperatorSnapshotUtil}.
 */
public final class OperatorSnapshots {

    private OperatorSnapshots() {}

    /** The state backends a fixture must restore into, as JUnit arguments: heap, and RocksDB (full snapshots). */
    public static Stream<Arguments> backends() {
        return Stream.of(Arguments.of(Named.of("heap", new HashMapStateBackend())),
                Arguments.of(Named.of("RocksDB", new EmbeddedRocksDBStateBackend(false))));
    }

    /** A canonical savepoint of {@code harness}'s operator. */
    public static OperatorSubtaskState canonicalSavepoint(AbstractStreamOperatorTestHarness<?> harness,
            long checkpointId) throws Exception {
        return harness.snapshotWithLocalState(checkpointId, checkpointId,
                SavepointType.savepoint(SavepointFormatType.CANONICAL)).getJobManagerOwnedState();
    }

    /** Writes {@code state} to {@code file}. */
    public static void write(OperatorSubtaskState state, Path file) throws Exception {
        OperatorSnapshotUtil.writeStateHandle(state, file.toString());
    }

    /** The fixture {@code resource} on the test class path. */
    public static OperatorSubtaskState read(String resource) throws Exception {
        return OperatorSnapshotUtil.readStateHandle(file(resource).toString());
    }

    /**
     * Whether the written form of {@code state} names {@code text} (as Flink writes class names of
     * serializer snapshots): tells which serializers wrote the state.
     */
    public static boolean names(OperatorSubtaskState state, String text) throws Exception {
        Path file = Files.createTempFile("operator-state", ".snapshot");
        try {
            write(state, file);
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
        } finally {
            Files.delete(file);
        }
    }

    private static Path file(String resource) throws Exception {
        URL url = OperatorSnapshots.class.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("missing fixture " + resource);
        }
        return Paths.get(url.toURI());
    }
}
