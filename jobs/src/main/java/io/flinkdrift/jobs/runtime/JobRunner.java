package io.flinkdrift.jobs.runtime;

import io.flinkdrift.jobs.cli.CommonOptions;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.DeploymentOptions;
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

    /** What a job does with its result when it ran attached: print and write its summary. */
    @FunctionalInterface
    public interface Summary {

        void report(JobExecutionResult result) throws Exception;
    }

    /** Adds a job's operators to an environment configured from the common options. */
    @FunctionalInterface
    public interface Pipeline {

        /** @throws IllegalArgumentException for an invalid option value: reported as a usage error */
        void build(StreamExecutionEnvironment env);
    }

    private JobRunner() {}

    /**
     * Builds the job in an environment from {@link JobEnvironments#create} and submits it. Attached
     * (the default, and {@code java -jar}), it prints progress lines on stderr every {@code
     * --progress-interval} seconds, waits for the job to end and hands the result to {@code
     * summary}; detached ({@code flink run -d}), it prints the job id and returns at once.
     *
     * @param job the job's command name, used in the Flink job name
     * @return the exit code: 0
     * @throws ParameterException when an option value is invalid (exit code 2, nothing submitted)
     * @throws Exception when the job fails
     */
    public static int run(CommandSpec spec, CommonOptions options, String job, Pipeline pipeline, Summary summary)
            throws Exception {
        StreamExecutionEnvironment env;
        try {
            env = JobEnvironments.create(options);
            pipeline.build(env);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        JobClient client = env.executeAsync("flink-drift " + job);
        if (!env.getConfiguration().get(DeploymentOptions.ATTACHED)) {
            System.err.println("[flink-drift] submitted job " + client.getJobID() + " (detached: no summary)");
            return 0;
        }
        summary.report(awaitResult(client, options.progressIntervalSeconds, System.err));
        return 0;
    }

    private static JobExecutionResult awaitResult(JobClient client, long progressIntervalSeconds,
            PrintStream progress) throws Exception {
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
