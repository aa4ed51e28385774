package io.flinkdrift.jobs.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkdrift.jobs.FlinkDrift;
import io.flinkdrift.testing.EmbeddedKafka;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code classify} from a Kafka topic to a Kafka topic, exactly once, through the command line. */
class ClassifyKafkaTest {

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void jsonLinesInPredictionsAndDeadLettersOutExactlyOnce() throws Exception {
        KAFKA.createTopic("examples", 2);
        List<String> lines = new ArrayList<>();
        int bad = 0;
        for (int i = 0; i < 1000; i++) {
            if (i % 50 == 3) {
                lines.add("{\"id\": " + i + ", \"x\": \"n/a\", \"y\": \"b\"}");
                bad++;
            } else {
                lines.add("{\"id\": " + i + ", \"x\": " + (i % 10) + ", \"y\": \"" + (i % 10 < 5 ? "a" : "b") + "\"}");
            }
        }
        KAFKA.produce("examples", lines);

        int exit = FlinkDrift.commandLine().execute("classify",
                "--source", "kafka:examples", "--kafka-bootstrap", KAFKA.bootstrapServers(), "--kafka-bounded",
                "--kafka.client.id=flink-drift-test",
                "--id", "id", "--label", "y", "--classes", "a,b", "--learner", "kalman",
                "--sink", "kafka:predictions", "--dead-letter", "kafka:rejected",
                "--parallelism", "2", "--checkpoint-interval", "500", "--progress-interval", "0");
        assertEquals(0, exit);

        ObjectMapper json = new ObjectMapper();
        List<String> predictions = KAFKA.consumeAll("predictions", true, 1000 - bad, Duration.ofSeconds(60));
        List<String> rejected = KAFKA.consumeAll("rejected", true, bad, Duration.ofSeconds(60));
        assertEquals(1000 - bad, predictions.size());
        assertEquals(bad, rejected.size());
        Set<Long> ids = new HashSet<>();
        long withBothClasses = 0;
        for (String prediction : predictions) {
            JsonNode node = json.readTree(prediction);
            ids.add(node.get("id").asLong());
            if (node.get("probabilities").size() == 2) {
                withBothClasses++;
            }
        }
        // A model knows a class once it has trained on it: all but each key's first few predictions.
        assertTrue(withBothClasses > predictions.size() - 20, withBothClasses + " of " + predictions.size());
        assertEquals(1000 - bad, ids.size()); // no duplicates
        for (String line : rejected) {
            assertEquals("UNPARSABLE_NUMBER", json.readTree(line).get("reason").asText());
        }
    }
}
