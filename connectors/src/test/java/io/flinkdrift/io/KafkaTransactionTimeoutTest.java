package io.flinkdrift.io;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link KafkaConnectors#checkTransactionTimeout}: an exactly-once sink is refused when its transactions
 * could time out before their commit, at the exact boundary of interval + recovery allowance.
 */
class KafkaTransactionTimeoutTest {

    private static final KafkaOptions DEFAULT = new KafkaOptions("localhost:9092", "out");
    private static final long ALLOWANCE_MS = KafkaConnectors.RECOVERY_ALLOWANCE.toMillis();

    @Test
    void theDefaultTimeoutCoversIntervalsUpToFifteenMinutesLessTheAllowance() {
        long longest = 900_000 - ALLOWANCE_MS;
        assertDoesNotThrow(() -> KafkaConnectors.checkTransactionTimeout(DEFAULT, Duration.ofMillis(longest)));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> KafkaConnectors.checkTransactionTimeout(DEFAULT, Duration.ofMillis(longest + 1)));
        assertEquals("the Kafka transaction.timeout.ms of 900000 ms cannot cover a checkpoint interval of "
                + (longest + 1) + " ms plus " + ALLOWANCE_MS + " ms to checkpoint and recover (the broker would "
                + "abort transactions before their commit): raise transaction.timeout.ms to at least 900001 ms "
                + "(the broker's transaction.max.timeout.ms must allow it) or shorten the checkpoint interval",
                refused.getMessage());
    }

    @Test
    void aGivenTimeoutMustCoverTheIntervalPlusTheAllowance() {
        // The case: 60 s transactions under a 90 s checkpoint interval lost 2,700 of 6,000 outputs.
        KafkaOptions oneMinute = DEFAULT.withProperties(Map.of("transaction.timeout.ms", "60000"));
        assertThrows(IllegalArgumentException.class,
                () -> KafkaConnectors.checkTransactionTimeout(oneMinute, Duration.ofSeconds(90)));
        assertThrows(IllegalArgumentException.class,
                () -> KafkaConnectors.checkTransactionTimeout(oneMinute, Duration.ofMillis(1)));

        KafkaOptions fiveMinutes = DEFAULT.withProperties(Map.of("transaction.timeout.ms", "300000"));
        assertDoesNotThrow(() -> KafkaConnectors.checkTransactionTimeout(
                fiveMinutes, Duration.ofMillis(300_000 - ALLOWANCE_MS)));
        assertThrows(IllegalArgumentException.class, () -> KafkaConnectors.checkTransactionTimeout(
                fiveMinutes, Duration.ofMillis(300_000 - ALLOWANCE_MS + 1)));
    }
}
