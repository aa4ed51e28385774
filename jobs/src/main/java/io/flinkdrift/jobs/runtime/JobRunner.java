package io.flinkdrift.jobs.runtime;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.PrintStream;

/** Submits a job, reports progress while it runs and waits for its result. */
public final class JobRunner {

    /** Accumulator with the number of records the job has processed, shown by progress lines. */
    public static final String PROCESSED_COUNTER = "records.processed";

    private JobRunner() {}

    /**
     * Executes the job built in {@code env} and blocks until it ends.
     *
     * @param progressIntervalSeconds seconds between progress lines on {@code progress}; 0 = none
     * @return the result with the final accumulator values
     * @throws Exception when the job fails
     */
    public static JobExecutionResult run(StreamExecutionEnvironment env, String jobName,
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
}
