package io.flinkdrift.jobs.runtime;

import org.apache.flink.util.FileUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one temporary directory an embedded ({@code java -jar}) run writes to: the mini-cluster's
 * temporary files (the extracted RPC jar, blobs, spill files) and, without {@code
 * --checkpoint-dir}, its checkpoints. Deleted with everything in it when the run ends, and by a
 * shutdown hook when the process is interrupted first, so runs leave nothing behind.
 */
final class ScratchDirectory implements AutoCloseable {

    private final Path path;
    private final Thread shutdownHook;

    private ScratchDirectory(Path path) {
        this.path = path;
        this.shutdownHook = new Thread(this::delete, "flink-drift-scratch-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Creates a fresh directory {@code flink-drift-run-*} in the system's temporary directory. */
    static ScratchDirectory create() {
        try {
            return new ScratchDirectory(Files.createTempDirectory("flink-drift-run-"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for the run", e);
        }
    }

    /** A subdirectory path (not created: Flink creates what it uses). */
    Path resolve(String name) {
        return path.resolve(name);
    }

    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs (or ran) the same deletion
        }
    }

    private void delete() {
        try {
            FileUtils.deleteDirectory(path.toFile());
        } catch (IOException e) {
            System.err.println("[flink-drift] could not delete the temporary directory " + path + ": " + e);
        }
    }
}
