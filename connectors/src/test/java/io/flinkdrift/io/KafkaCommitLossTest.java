package io.flinkdrift.io;

import io.flinkdrift.records.TextLine;
import io.flinkdrift.testing.EmbeddedKafka;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A transaction the broker aborts between a checkpoint and its commit (its timeout ran out) loses its
 * records. The connector's own sink logs that and the job finishes; the flink-drift sink fails the job, without
 * restarts. The broker here aborts transactions one second old; the job's only checkpoint after all of
 * the input is held until the broker has aborted the transaction that holds the input's tail.
 */
class KafkaCommitLossTest {

    private static final int LINES = 50;
    private static final String TRANSACTION_TIMEOUT_MS = "1000";

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka(
            Map.of("transaction.abort.timed.out.transaction.cleanup.interval.ms", "100"));

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(1)
                    .build());

    private static final AtomicBoolean HELD = new AtomicBoolean();
    private static final AtomicInteger ATTEMPTS = new AtomicInteger();
    private static volatile String heldPrefix;

    @Test
    @Timeout(120)
    void aLostTransactionFailsTheJobWithoutRestarts() throws Exception {
        KafkaOptions out = new KafkaOptions(KAFKA.bootstrapServers(), "checked-out")
                .withProperties(Map.of("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS));
        Sink<TextLine> sink = KafkaConnectors.jsonSink(out, DeliveryGuarantee.EXACTLY_ONCE, "checked");

        Exception failure = assertThrows(Exception.class, () -> run("checked", sink));

        assertTrue(ExceptionUtils.findThrowable(failure, SuppressRestartsException.class).isPresent(),
                () -> "not a failure without restarts: " + ExceptionUtils.stringifyException(failure));
        assertTrue(ExceptionUtils.stringifyException(failure).contains("the broker has aborted the transaction"),
                () -> ExceptionUtils.stringifyException(failure));
        assertEquals(1, ATTEMPTS.get(), "attempts of the job (a restart would restore the same checkpoint)");
        int committed = KAFKA.consumeAll("checked-out", true, LINES, Duration.ofSeconds(5)).size();
        assertTrue(committed < LINES, "the aborted transaction's records cannot have been committed: " + committed);
    }

    /** Why {@link CommitCheckedKafkaSink} exists: with the connector's sink the job finishes without the records. */
    @Test
    @Timeout(120)
    void theConnectorsOwnSinkFinishesTheJobWithoutTheLostRecords() throws Exception {
        KafkaSink<TextLine> sink = KafkaSink.<TextLine>builder()
                .setBootstrapServers(KAFKA.bootstrapServers())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("unchecked")
                .setRecordSerializer(new JsonKafkaRecords<TextLine>("unchecked-out"))
                .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
                .build();

        run("unchecked", sink);

        int committed = KAFKA.consumeAll("unchecked-out", true, LINES, Duration.ofSeconds(5)).size();
        assertTrue(committed < LINES, "the job finished, but only " + committed + " of " + LINES
                + " records were committed");
    }

    /** Reads {@link #LINES} lines into {@code sink}, holding the first checkpoint after the last line. */
    private static void run(String name, Sink<TextLine> sink) throws Exception {
        HELD.set(false);
        ATTEMPTS.set(0);
        heldPrefix = name;
        KAFKA.createTopic(name + "-in", 1);
        KAFKA.createTopic(name + "-out", 1);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            lines.add("line-" + i);
        }
        KAFKA.produce(name + "-in", lines);

        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(1);
        env.enableCheckpointing(100);
        KafkaOptions in = new KafkaOptions(KAFKA.bootstrapServers(), name + "-in").withGroupId(name);
        env.fromSource(KafkaConnectors.lineSourceBuilder(in, 100).setBounded(OffsetsInitializer.latest()).build(),
                        WatermarkStrategy.noWatermarks(), "lines")
                .map(new HoldCheckpointUntilTransactionAborted())
                .sinkTo(sink);
        env.execute(name);
    }

    /**
     * Passes lines through; the first checkpoint after all {@link #LINES} lines, when some of them came
     * after the previous checkpoint (so they are in the sink's open transaction), waits until the broker
     * lists a transaction of the sink as aborted. The sink's writer takes its part of that checkpoint
     * after this, so the checkpoint completes and its commit finds the transaction aborted.
     */
    private static final class HoldCheckpointUntilTransactionAborted extends RichMapFunction<TextLine, TextLine>
            implements CheckpointedFunction {

        private int seen;
        private int sinceCheckpoint;

        @Override
        public void open(OpenContext openContext) {
            ATTEMPTS.incrementAndGet();
        }

        @Override
        public TextLine map(TextLine line) {
            seen++;
            sinceCheckpoint++;
            return line;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            if (seen == LINES && sinceCheckpoint > 0 && HELD.compareAndSet(false, true)) {
                try (Admin admin = KAFKA.admin()) {
                    while (!hasAbortedTransaction(admin, heldPrefix)) {
                        Thread.sleep(50);
                    }
                }
            }
            sinceCheckpoint = 0;
        }

        private static boolean hasAbortedTransaction(Admin admin, String prefix) throws Exception {
            return admin.listTransactions(new ListTransactionsOptions()
                            .filterStates(Set.of(TransactionState.COMPLETE_ABORT, TransactionState.PREPARE_ABORT)))
                    .all().get().stream()
                    .anyMatch(transaction -> transaction.transactionalId().startsWith(prefix + "-"));
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}
    }
}
