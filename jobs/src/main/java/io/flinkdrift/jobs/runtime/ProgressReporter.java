package io.flinkdrift.jobs.runtime;

import org.apache.flink.core.execution.JobClient;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints a progress line to stderr every few seconds while a job runs: records processed so far
 * and the rate since the previous line, read from the job's accumulators (so it works the same on
 * the embedded mini-cluster and on a remote cluster); when the input's extent is known, also the
 * percentage read and the time left at the average rate since the first record.
 */
final class ProgressReporter implements AutoCloseable {

    private final JobClient client;
    private final String counterName;
    private final InputExtent extent;
    private final PrintStream out;
    private final ScheduledExecutorService timer;
    private long lastCount;
    private long lastNanos = System.nanoTime();
    /** When records started to flow: submission, or the last tick that saw none. */
    private long firstNanos = lastNanos;

    /** @param extent the input's extent, or null when unknown (no percentage and time left) */
    ProgressReporter(JobClient client, String counterName, InputExtent extent, long intervalSeconds,
            PrintStream out) {
        this.client = client;
        this.counterName = counterName;
        this.extent = extent;
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
        long count = value(accumulators, counterName);
        long now = System.nanoTime();
        if (count == 0) {
            lastNanos = now; // still starting: the rate counts from the first record
            firstNanos = now;
            return;
        }
        double rate = (count - lastCount) / ((now - lastNanos) / 1e9);
        String line = String.format(Locale.ROOT, "[flink-drift] %,d records so far, %,.0f records/s", count, rate);
        if (extent != null) {
            line += timeLeft(extent.fractionDone(value(accumulators, extent.counter())), (now - firstNanos) / 1e9);
        }
        out.println(line);
        lastCount = count;
        lastNanos = now;
    }

    private static long value(Map<String, Object> accumulators, String name) {
        Object value = accumulators.get(name);
        return value instanceof Number ? ((Number) value).longValue() : 0L;
    }

    /** ", 42% read, about 1 min 05 s left" after {@code seconds} since the first record. */
    static String timeLeft(double fractionDone, double seconds) {
        String done = String.format(Locale.ROOT, ", %.0f%% read", 100 * fractionDone);
        if (fractionDone <= 0 || fractionDone >= 1 || seconds <= 0) {
            return done;
        }
        long left = Math.round(seconds * (1 - fractionDone) / fractionDone);
        return done + (left < 60 ? String.format(Locale.ROOT, ", about %d s left", left)
                : String.format(Locale.ROOT, ", about %d min %02d s left", left / 60, left % 60));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
