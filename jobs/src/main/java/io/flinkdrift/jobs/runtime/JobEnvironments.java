package io.flinkdrift.jobs.runtime;

import io.flinkdrift.jobs.cli.CommonOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** Builds the execution environment every job runs in from the {@link CommonOptions}. */
public final class JobEnvironments {

    /**
     * The number of key groups of every job, set explicitly so that it never depends on the parallelism a
     * job was started with: a savepoint then restores at any parallelism up to this. It is the value
     * Flink chooses itself for parallelism up to 85, so savepoints of earlier builds keep restoring.
     */
    public static final int MAX_PARALLELISM = 128;

    private JobEnvironments() {}

    /**
     * The environment of the current context: an embedded mini-cluster under {@code java -jar}, the
     * target cluster under {@code flink run}. Generic (Kryo) types are disabled, so a record or
     * state type without an explicit serializer fails the job at submission instead of silently
     * falling back to Kryo. Operators have {@link #MAX_PARALLELISM} key groups unless they set their own.
     *
     * @throws IllegalArgumentException for an invalid parallelism, interval or state backend
     */
    public static StreamExecutionEnvironment create(CommonOptions options) {
        options.kafkaProperties(); // refuses unknown options before anything runs
        if (options.parallelism < 1 || options.parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException(
                    "--parallelism must be in [1, " + MAX_PARALLELISM + "], got " + options.parallelism);
        }
        if (options.checkpointIntervalMs < 0) {
            throw new IllegalArgumentException("--checkpoint-interval must be >= 0, got " + options.checkpointIntervalMs);
        }
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // Task managers report accumulators with their heartbeats; on the embedded mini-cluster a
        // short interval keeps the progress lines current (a remote cluster keeps its own setting).
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        conf.set(StateBackendOptions.STATE_BACKEND, stateBackend(options.stateBackend));
        if (options.checkpointDir != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, options.checkpointDir);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (options.checkpointDir == null && env instanceof LocalStreamEnvironment) {
            // The JobManager's memory holds at most 5 MB of state per checkpoint, less than a model
            // or an index of realistic size; an embedded run checkpoints to a local directory.
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, localCheckpointDirectory());
            env.configure(conf);
        }
        env.setParallelism(options.parallelism);
        env.setMaxParallelism(MAX_PARALLELISM);
        if (options.checkpointIntervalMs > 0) {
            env.enableCheckpointing(options.checkpointIntervalMs);
        }
        return env;
    }

    private static String localCheckpointDirectory() {
        try {
            Path directory = Files.createTempDirectory("flink-drift-checkpoints-");
            directory.toFile().deleteOnExit();
            return directory.toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a local checkpoint directory", e);
        }
    }

    private static String stateBackend(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "heap":
                return "hashmap";
            case "rocksdb":
                return "rocksdb";
            default:
                throw new IllegalArgumentException("--state-backend must be heap or rocksdb, got '" + name + "'");
        }
    }
}
