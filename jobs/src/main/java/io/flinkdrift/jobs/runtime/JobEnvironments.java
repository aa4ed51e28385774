package io.flinkdrift.jobs.runtime;

import io.flinkdrift.jobs.cli.CommonOptions;
import io.flinkdrift.operators.ann.AnnPipeline;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Builds the execution environment every job runs in from the {@link CommonOptions}. */
public final class JobEnvironments {

    /**
     * The number of key groups of every job, set explicitly so that it never depends on the parallelism a
     * job was started with: a savepoint then restores at any parallelism up to this. It is the value
     * Flink chooses itself for parallelism up to 85, so savepoints of earlier builds keep restoring; the
     * same as the {@code ann} operators set for themselves in a user's job.
     */
    public static final int MAX_PARALLELISM = AnnPipeline.MAX_PARALLELISM;

    /** Restarts of a failing job under {@code java -jar} when {@code --restart-attempts} is not given. */
    static final int EMBEDDED_RESTART_ATTEMPTS = 3;

    private static final Duration RESTART_DELAY = Duration.ofSeconds(1);
    private static final String LOOPBACK = "127.0.0.1";

    private JobEnvironments() {}

    /** Whether jobs of this process run on an embedded mini-cluster ({@code java -jar}), not a cluster. */
    static boolean embedded() {
        return StreamExecutionEnvironment.getExecutionEnvironment() instanceof LocalStreamEnvironment;
    }

    /**
     * The environment of the current context: an embedded mini-cluster under {@code java -jar}, the
     * target cluster under {@code flink run}. Generic (Kryo) types are disabled, so a record or
     * state type without an explicit serializer fails the job at submission instead of silently
     * falling back to Kryo. Object reuse is on: chained operators hand each other their records
     * instead of a serializer copy (a quarter of a chained learner's time, and most of its garbage).
     * That is safe because no operator of these jobs modifies a record it received, or one it emitted;
     * what operators keep between records (models and pending examples in heap state, a bundle's
     * records) are such values, and a bundle copies the {@code StreamRecord} that a chained input
     * reuses. Operators have {@link #MAX_PARALLELISM} key groups unless they set their own.
     * A job that fails is restarted at most {@code --restart-attempts} times
     * (under {@code flink run} only when the option is given; the cluster's strategy otherwise).
     *
     * <p>The embedded mini-cluster is kept private: every server socket (blob server, data
     * exchange, REST) is bound to the loopback interface, and every temporary file (the extracted
     * RPC jar, blobs, spill files and, without {@code --checkpoint-dir}, checkpoints) is in {@code
     * scratch}.
     *
     * @param scratch the run's temporary directory when {@link #embedded()}, null on a cluster
     * @throws IllegalArgumentException for an invalid parallelism, interval, restart count or state backend
     */
    static StreamExecutionEnvironment create(CommonOptions options, ScratchDirectory scratch) {
        options.kafkaProperties(); // refuses unknown options before anything runs
        if (options.parallelism < 1 || options.parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException(
                    "--parallelism must be in [1, " + MAX_PARALLELISM + "], got " + options.parallelism);
        }
        if (options.checkpointIntervalMs < 0) {
            throw new IllegalArgumentException("--checkpoint-interval must be >= 0, got " + options.checkpointIntervalMs);
        }
        if (options.restartAttempts != null && options.restartAttempts < 0) {
            throw new IllegalArgumentException("--restart-attempts must be >= 0, got " + options.restartAttempts);
        }
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(StateBackendOptions.STATE_BACKEND, stateBackend(options.stateBackend));
        if (options.checkpointDir != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, options.checkpointDir);
        }
        Integer restartAttempts = options.restartAttempts;
        if (scratch != null) {
            configureEmbedded(conf, options, scratch);
            if (restartAttempts == null) {
                restartAttempts = EMBEDDED_RESTART_ATTEMPTS;
            }
        }
        if (restartAttempts != null) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restartAttempts);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, RESTART_DELAY);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(options.parallelism);
        env.setMaxParallelism(MAX_PARALLELISM);
        if (options.checkpointIntervalMs > 0) {
            env.enableCheckpointing(options.checkpointIntervalMs);
        }
        return env;
    }

    /** The mini-cluster's settings: see {@link #create}. */
    private static void configureEmbedded(Configuration conf, CommonOptions options, ScratchDirectory scratch) {
        // Task managers report accumulators with their heartbeats; a short interval keeps the
        // progress lines current.
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        for (ConfigOption<String> host : List.of(JobManagerOptions.ADDRESS, JobManagerOptions.BIND_HOST,
                TaskManagerOptions.HOST, TaskManagerOptions.BIND_HOST, RestOptions.ADDRESS,
                RestOptions.BIND_ADDRESS)) {
            conf.set(host, LOOPBACK);
        }
        String temporary = scratch.resolve("tmp").toString();
        conf.set(CoreOptions.TMP_DIRS, temporary);
        conf.set(BlobServerOptions.STORAGE_DIRECTORY, scratch.resolve("blobs").toString());
        conf.set(WebOptions.TMP_DIR, temporary);
        if (options.checkpointDir == null) {
            // The JobManager's memory holds at most 5 MB of state per checkpoint, less than a model
            // or an index of realistic size; an embedded run checkpoints to its scratch directory.
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, scratch.resolve("checkpoints").toUri().toString());
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
