package io.flinkdrift.io;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks, before a job starts, that a Kafka cluster answers within a timeout: a job whose brokers
 * are out of reach would otherwise retry its metadata requests and fail over forever.
 */
public final class KafkaReachability {

    private KafkaReachability() {}

    /**
     * Asks the cluster of {@code options} for the metadata of its topic (a topic to read must exist)
     * or, for a topic to write, for its brokers (the cluster may create the topic on first write).
     *
     * @param read whether the job reads the topic
     * @throws IllegalStateException naming the bootstrap servers and the topic when the cluster does
     *     not answer within {@code timeout}, refuses the request, or lacks a topic to read
     */
    public static void check(KafkaOptions options, Duration timeout, boolean read) {
        Properties properties = options.clientProperties();
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        properties.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(millis));
        properties.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(millis));
        String where = "Kafka at " + options.bootstrapServers() + " (topic '" + options.topic() + "')";
        try (Admin admin = Admin.create(properties)) {
            if (read) {
                admin.describeTopics(List.of(options.topic())).allTopicNames().get(millis, TimeUnit.MILLISECONDS);
            } else {
                admin.describeCluster().nodes().get(millis, TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException(where + " did not answer within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException(where + ": the topic does not exist");
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new IllegalStateException(where + " did not answer within " + timeout.toSeconds() + " s");
            }
            throw new IllegalStateException(where + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(where + ": interrupted while waiting for an answer", e);
        }
    }
}
