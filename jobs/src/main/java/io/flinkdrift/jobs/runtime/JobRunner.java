package io.flinkdrift.jobs.runtime;

import io.flinkdrift.jobs.cli.CommonOptions;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.PrintStream;
import java.util.List;

/** Builds a job from its options, submits it, reports progress while it runs and waits for its result. */
public final class JobRunner {

    /** Accumulator with the number of records the job has processed, shown by progress lines. */
    public static final String PROCESSED_COUNTER = "records.processed";

    /** Adds a job's operators to an environment configured from the common options. */
    @FunctionalInterface
    public interface Pipeline {

        /** @throws IllegalArgumentException for an invalid option value: reported as a usage error */
        void build(StreamExecutionEnvironment env);
    }

    private JobRunner() {}

    /**
     * Builds the job in an environment from {@link JobEnvironments#create}, executes it with progress
     * lines on stderr every {@code --progress-interval} seconds, and blocks until it ends.
     *
     * @param job the job's command name, used in the Flink job name
     * @return the result with the final accumulator values
     * @throws ParameterException when an option value is invalid (exit code 2, nothing submitted)
     * @throws Exception when the job fails
     */
    public static JobExecutionResult run(CommandSpec spec, CommonOptions options, String job, Pipeline pipeline)
            throws Exception {
        StreamExecutionEnvironment env;
        try {
            env = JobEnvironments.create(options);
            pipeline.build(env);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return execute(env, "flink-drift " + job, options.progressIntervalSeconds, System.err);
    }

    private static JobExecutionResult execute(StreamExecutionEnvironment env, String jobName,
            long progressIntervalSeconds, PrintStream progress) throws Exception {
        JobClient client = env.executeAsync(jobName);
        if (progressIntervalSeconds <= 0) {
            return client.getJobExecutionResult().get();
        }
        try (ProgressReporter reporter =
                new ProgressReporter(client, PROCESSED_COUNTER, progressIntervalSeconds, progress)) {
            return client.getJobExecutionResult().get();
        }
    }

    /**
     * The value a run-summary function left in its list accumulator when the input ended, or null
     * when the input never ended (an unbounded run that was cancelled).
     */
    public static <S> S finalValue(JobExecutionResult result, String accumulator) {
        List<S> values = result.getAccumulatorResult(accumulator);
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }
}
