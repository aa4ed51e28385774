package io.flinkdrift.jobs.runtime;

import org.apache.flink.core.execution.JobClient;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints a progress line to stderr every few seconds while a job runs: records processed so far
 * and the rate since the previous line, read from the job's accumulators (so it works the same on
 * the embedded mini-cluster and on a remote cluster).
 */
final class ProgressReporter implements AutoCloseable {

    private final JobClient client;
    private final String counterName;
    private final PrintStream out;
    private final ScheduledExecutorService timer;
    private long lastCount;
    private long lastNanos = System.nanoTime();

    ProgressReporter(JobClient client, String counterName, long intervalSeconds, PrintStream out) {
        this.client = client;
        this.counterName = counterName;
        this.out = out;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "flink-drift-progress");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::report, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    private void report() {
        Map<String, Object> accumulators;
        try {
            accumulators = client.getAccumulators().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return; // The job is starting or finishing; the next tick will tell.
        }
        Object value = accumulators.get(counterName);
        long count = value instanceof Number ? ((Number) value).longValue() : 0L;
        long now = System.nanoTime();
        if (count == 0) {
            lastNanos = now; // still starting: the rate counts from the first record
            return;
        }
        double rate = (count - lastCount) / ((now - lastNanos) / 1e9);
        out.printf("[flink-drift] %,d records so far, %,.0f records/s%n", count, rate);
        lastCount = count;
        lastNanos = now;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
