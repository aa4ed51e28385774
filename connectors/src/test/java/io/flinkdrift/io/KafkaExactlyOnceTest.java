package io.flinkdrift.io;

import io.flinkdrift.records.TextLine;
import io.flinkdrift.testing.EmbeddedKafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka line source to exactly-once Kafka JSON sink, through a failure injected after checkpoints
 * completed: every input line must come out exactly once in the committed output.
 */
class KafkaExactlyOnceTest {

    private static final int LINES = 2000;
    private static final int PARTITIONS = 2;
    private static final int MAX_LINE_BYTES = 32;

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(PARTITIONS)
                    .build());

    /** Set once the injected failure has been thrown; shared by all attempts in this JVM. */
    private static final AtomicBoolean FAILED = new AtomicBoolean();

    @Test
    @Timeout(120)
    void everyLineIsWrittenExactlyOnceDespiteAFailure() throws Exception {
        KAFKA.createTopic("eo-in", PARTITIONS);
        KAFKA.createTopic("eo-out", PARTITIONS);
        List<String> input = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            // Every 250th line exceeds the limit and must arrive truncated and flagged.
            input.add(i % 250 == 0 ? "oversized-" + i + "-" + "x".repeat(40) : "line-" + i);
        }
        KAFKA.produce("eo-in", input);

        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(PARTITIONS);
        env.enableCheckpointing(200);
        KafkaOptions in = new KafkaOptions(KAFKA.bootstrapServers(), "eo-in").withGroupId("eo-test");
        KafkaOptions out = new KafkaOptions(KAFKA.bootstrapServers(), "eo-out");
        env.fromSource(
                        KafkaConnectors.lineSourceBuilder(in, MAX_LINE_BYTES)
                                .setBounded(OffsetsInitializer.latest())
                                .build(),
                        WatermarkStrategy.noWatermarks(), "kafka lines")
                .map(new FailOnceAfterCheckpoints())
                .sinkTo(Sinks.<TextLine>kafka(out, DeliveryGuarantee.EXACTLY_ONCE, "eo-test"));
        env.execute("exactly-once round trip");

        assertTrue(FAILED.get(), "the failure was never injected, so recovery was not exercised");
        List<String> written = KAFKA.consumeAll("eo-out", true, LINES, Duration.ofSeconds(30));
        assertEquals(LINES, written.size());

        ObjectMapper mapper = new ObjectMapper();
        Set<String> texts = new HashSet<>();
        Map<String, Set<Long>> offsetsByOrigin = new HashMap<>();
        for (String json : written) {
            JsonNode line = mapper.readTree(json);
            String text = line.get("text").asText();
            assertEquals(text.startsWith("oversized-"), line.get("oversized").asBoolean(), json);
            assertTrue(line.get("sourceTimestamp").asLong() > 0, json);
            texts.add(text);
            offsetsByOrigin.computeIfAbsent(line.get("origin").asText(), o -> new HashSet<>())
                    .add(line.get("position").asLong());
        }
        Set<String> expected = new HashSet<>();
        for (String value : input) {
            expected.add(value.length() > MAX_LINE_BYTES ? value.substring(0, MAX_LINE_BYTES) : value);
        }
        assertEquals(expected, texts);
        // Offsets 0..n-1 of each partition, each once: no loss, no duplicate.
        int total = 0;
        for (Map.Entry<String, Set<Long>> partition : offsetsByOrigin.entrySet()) {
            assertTrue(partition.getKey().matches("eo-in-[01]"), partition.getKey());
            int n = partition.getValue().size();
            for (long offset = 0; offset < n; offset++) {
                assertTrue(partition.getValue().contains(offset),
                        partition.getKey() + " lacks offset " + offset);
            }
            total += n;
        }
        assertEquals(LINES, total);
    }

    /**
     * Passes lines through, slowly until it has thrown once: the first instance to see two completed
     * checkpoints throws, which restarts the job from the last checkpoint.
     */
    private static final class FailOnceAfterCheckpoints extends RichMapFunction<TextLine, TextLine>
            implements CheckpointListener {

        private int completedCheckpoints;

        @Override
        public void open(OpenContext openContext) {
            completedCheckpoints = 0;
        }

        @Override
        public TextLine map(TextLine line) throws Exception {
            if (!FAILED.get()) {
                if (completedCheckpoints >= 2 && FAILED.compareAndSet(false, true)) {
                    throw new IllegalStateException("injected failure at " + line);
                }
                Thread.sleep(2);
            }
            return line;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            completedCheckpoints++;
        }
    }
}
