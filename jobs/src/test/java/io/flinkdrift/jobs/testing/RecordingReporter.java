package io.flinkdrift.jobs.testing;

import io.flinkdrift.metrics.DriftMetrics;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Flink metric reporter, configured like any other through {@code metrics.reporter.*}, that
 * records the last value of every flink-drift metric when its task unregisters it (the task ends),
 * so a test can read the values a bounded job's operators finished with.
 */
public final class RecordingReporter implements MetricReporter {

    private static final String SCOPE = DriftMetrics.GROUP + ".";
    private static final ConcurrentLinkedQueue<Value> FINAL_VALUES = new ConcurrentLinkedQueue<>();

    /** The last value of one metric of one subtask: its name from {@code flinkdrift.} on. */
    public record Value(String name, String operator, Object value) {}

    /** The cluster configuration that installs this reporter. */
    public static Configuration configuration() {
        Configuration conf = new Configuration();
        conf.setString("metrics.reporter.recording.factory.class", Factory.class.getName());
        return conf;
    }

    /** Forgets every value recorded so far; call before a job starts. */
    public static void clear() {
        FINAL_VALUES.clear();
    }

    /**
     * The last values of metric {@code name} (e.g. {@code flinkdrift.input.read}), one per subtask
     * that registered it, once {@code subtasks} of them have been recorded.
     *
     * @throws TimeoutException if fewer were recorded within a minute
     */
    public static List<Object> finalValues(String name, int subtasks) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            List<Object> values = new ArrayList<>();
            for (Value value : FINAL_VALUES) {
                if (value.name.equals(name)) {
                    values.add(value.value);
                }
            }
            if (values.size() >= subtasks) {
                return values;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(subtasks + " values of " + name + " expected, got " + values
                        + "; recorded: " + FINAL_VALUES);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** The one last value of {@code name}, for a metric registered by one subtask. */
    public static Object finalValue(String name) throws InterruptedException, TimeoutException {
        List<Object> values = finalValues(name, 1);
        if (values.size() != 1) {
            throw new AssertionError("one value of " + name + " expected, got " + values);
        }
        return values.get(0);
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {}

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        String identifier = group.getMetricIdentifier(metricName);
        int scope = identifier.indexOf(SCOPE);
        if (scope < 0) {
            return;
        }
        Object value = metric instanceof Gauge<?> gauge ? gauge.getValue()
                : metric instanceof Counter counter ? (Object) counter.getCount() : null;
        String operator = group.getAllVariables().getOrDefault("<operator_name>", "");
        FINAL_VALUES.add(new Value(identifier.substring(scope), operator, value));
    }

    /** Creates the reporter from {@code metrics.reporter.NAME.factory.class}. */
    public static final class Factory implements MetricReporterFactory {

        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new RecordingReporter();
        }
    }
}
