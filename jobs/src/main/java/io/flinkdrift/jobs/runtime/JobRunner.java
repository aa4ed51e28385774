package io.flinkdrift.jobs.runtime;

import io.flinkdrift.formats.ParseFunction;
import io.flinkdrift.jobs.cli.CommonOptions;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

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
     * --progress-interval} seconds (with the percentage read and the time left when the input's
     * {@link InputExtent} is known), waits for the job to end, hands the result to {@code summary}
     * and then checks the rejected fraction of the input against {@code --max-rejected-fraction};
     * detached ({@code flink run -d}), it prints the job id and returns at once. Under {@code java
     * -jar} the run's temporary files are deleted when it ends.
     *
     * @param job the job's command name, used in the Flink job name
     * @return the exit code: 0
     * @throws ParameterException when an option value is invalid (exit code 2, nothing submitted)
     * @throws RunFailure when an input is unusable (nothing submitted) or too much of it was rejected
     * @throws Exception when the job fails
     */
    public static int run(CommandSpec spec, CommonOptions options, String job, Pipeline pipeline, Summary summary)
            throws Exception {
        if (!(options.maxRejectedFraction >= 0 && options.maxRejectedFraction <= 1)) {
            throw new ParameterException(spec.commandLine(),
                    "--max-rejected-fraction must be in [0, 1], got " + options.maxRejectedFraction);
        }
        try (ScratchDirectory scratch = JobEnvironments.embedded() ? ScratchDirectory.create() : null) {
            StreamExecutionEnvironment env;
            try {
                env = JobEnvironments.create(options, scratch);
                pipeline.build(env);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            JobClient client = env.executeAsync("flink-drift " + job);
            if (!env.getConfiguration().get(DeploymentOptions.ATTACHED)) {
                System.err.println("[flink-drift] submitted job " + client.getJobID() + " (detached: no summary)");
                return 0;
            }
            JobExecutionResult result = awaitResult(client, options, System.err);
            summary.report(result);
            checkRejectedFraction(result, options.maxRejectedFraction);
            return 0;
        }
    }

    /**
     * @throws RunFailure when every record read was rejected, or more than {@code maxFraction} of them
     */
    static void checkRejectedFraction(JobExecutionResult result, double maxFraction) {
        Long read = result.getAccumulatorResult(ParseFunction.RECORDS_READ);
        Long rejected = result.getAccumulatorResult(ParseFunction.RECORDS_REJECTED);
        if (read == null || rejected == null || read == 0) {
            return;
        }
        if (rejected.equals(read)) {
            throw new RunFailure("every one of the " + read + " input records was rejected (reasons in --dead-letter)");
        }
        if (rejected > maxFraction * read) {
            throw new RunFailure(String.format(Locale.ROOT,
                    "%d of %d input records (%.3f) were rejected, more than --max-rejected-fraction %s "
                            + "(reasons in --dead-letter)", rejected, read, (double) rejected / read, maxFraction));
        }
    }

    private static JobExecutionResult awaitResult(JobClient client, CommonOptions options, PrintStream progress)
            throws Exception {
        if (options.progressIntervalSeconds <= 0) {
            return client.getJobExecutionResult().get();
        }
        try (ProgressReporter reporter = new ProgressReporter(
                client, PROCESSED_COUNTER, InputExtent.of(options), options.progressIntervalSeconds, progress)) {
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
