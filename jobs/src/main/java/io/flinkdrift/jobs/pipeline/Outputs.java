package io.flinkdrift.jobs.pipeline;

import io.flinkdrift.io.KafkaConnectors;
import io.flinkdrift.io.KafkaOptions;
import io.flinkdrift.io.Sinks;
import io.flinkdrift.jobs.cli.CommonOptions;
import io.flinkdrift.jobs.cli.Endpoint;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.time.Duration;
import java.util.Locale;

/** Writes a job's output streams as JSON lines to the endpoints named by {@code --sink} and {@code --dead-letter}. */
public final class Outputs {

    private Outputs() {}

    /**
     * Attaches the sink described by {@code spec} to {@code stream}.
     *
     * @param option the option the spec came from, for error messages
     * @param name a short, stable name for the output ("predictions", "dead-letter"): the
     *     operator uid, and with the job name and the topic the Kafka transactional-id prefix (so
     *     jobs writing to different topics never fence each other's transactions)
     * @throws IllegalArgumentException for an invalid spec or delivery guarantee
     * @throws io.flinkdrift.jobs.runtime.RunFailure when a Kafka cluster to write to does not answer
     */
    public static <T> void write(DataStream<T> stream, String option, String spec, String name,
            String jobName, CommonOptions options) {
        Endpoint endpoint = Endpoint.parse(option, spec, Endpoint.Scheme.STDOUT, Endpoint.Scheme.STDERR,
                Endpoint.Scheme.FILE, Endpoint.Scheme.KAFKA, Endpoint.Scheme.NONE);
        switch (endpoint.scheme()) {
            case NONE:
                return;
            case STDOUT:
                stream.sinkTo(Sinks.stdout()).name(name + " to stdout").uid(name + "-sink");
                return;
            case STDERR:
                stream.sinkTo(Sinks.stderr()).name(name + " to stderr").uid(name + "-sink");
                return;
            case FILE:
                stream.sinkTo(Sinks.<T>jsonLinesFile(endpoint.argument())).name(name + " to " + endpoint)
                        .uid(name + "-sink");
                return;
            case KAFKA:
                KafkaOptions kafka = Inputs.kafkaOptions(options, endpoint.argument());
                DeliveryGuarantee guarantee = deliveryGuarantee(options.delivery);
                if (guarantee == DeliveryGuarantee.EXACTLY_ONCE && options.checkpointIntervalMs > 0) {
                    KafkaConnectors.checkTransactionTimeout(kafka, Duration.ofMillis(options.checkpointIntervalMs));
                }
                Inputs.checkKafka(options, endpoint.argument(), false);
                stream.sinkTo(Sinks.<T>kafka(kafka, guarantee,
                                "flink-drift-" + jobName + "-" + name + "-" + endpoint.argument()))
                        .name(name + " to " + endpoint)
                        .uid(name + "-sink");
                return;
            default:
                throw new IllegalStateException("unhandled sink " + endpoint);
        }
    }

    private static DeliveryGuarantee deliveryGuarantee(String delivery) {
        switch (delivery.toLowerCase(Locale.ROOT)) {
            case "exactly-once":
                return DeliveryGuarantee.EXACTLY_ONCE;
            case "at-least-once":
                return DeliveryGuarantee.AT_LEAST_ONCE;
            case "none":
                return DeliveryGuarantee.NONE;
            default:
                throw new IllegalArgumentException(
                        "--delivery must be exactly-once, at-least-once or none, got '" + delivery + "'");
        }
    }
}
