package io.flinkdrift.jobs;

import io.flinkdrift.jobs.runtime.JobEnvironments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad options end in one line on stderr and exit code 2, before any job is built (the timeout
 * catches a regression where a bad option slips through and a job starts).
 */
@Timeout(60)
class FlinkDriftCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine commandLine = FlinkDrift.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private void assertOneLineError(String expectedFragment) {
        String message = err.toString().strip();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("error: ") && message.contains(expectedFragment), message);
    }

    @Test
    void helpListsTheJobs() {
        assertEquals(0, execute("--help"));
        assertTrue(out.toString().contains("classify"), out.toString());
    }

    @Test
    void jobHelpListsOptionsWithDefaults() {
        assertEquals(0, execute("classify", "--help"));
        assertTrue(out.toString().contains("--learner") && out.toString().contains("Default: kalman"), out.toString());
    }

    @Test
    void unknownJobIsAUsageError() {
        assertEquals(2, execute("clasify"));
        assertOneLineError("clasify");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, execute("classify", "--learnr", "kalman"));
        assertOneLineError("--learnr");
    }

    @Test
    void invalidValuesAreUsageErrors() {
        assertEquals(2, execute("classify", "--learner", "svm"));
        assertOneLineError("svm");
        err.getBuffer().setLength(0);
        assertEquals(2, execute("classify", "--source", "ftp:x"));
        assertOneLineError("file:PATH | kafka:TOPIC | synthetic:NAME");
        err.getBuffer().setLength(0);
        assertEquals(2, execute("classify", "--source", "synthetic:sea?noise=2"));
        assertOneLineError("noise");
        err.getBuffer().setLength(0);
        assertEquals(2, execute("classify", "--parallelism", "zero"));
        assertOneLineError("--parallelism");
        err.getBuffer().setLength(0);
        assertEquals(2, execute("classify", "--state-backend", "disk"));
        assertOneLineError("heap or rocksdb");
        err.getBuffer().setLength(0);
        assertEquals(2, execute("classify", "--calibrate", "isotonic"));
        assertOneLineError("--calibrate must be none, platt or platt-tracking");
        err.getBuffer().setLength(0);
        assertEquals(2, execute("classify", "--learner", "majority", "--calibrate", "platt"));
        assertOneLineError("applies to the kalman, rls and rvfl learners, not to majority");
    }

    @Test
    void kafkaPropertiesAreValidatedAndOtherUnknownOptionsRefused() {
        assertEquals(2, execute("classify", "--kafka.security.protocol=PLAIN_TEXT", "--source", "kafka:in"));
        assertOneLineError("security.protocol");
        err.getBuffer().setLength(0);
        assertEquals(2, execute("classify", "--sink", "none", "--max-records", "10", "--kafka-bootstrap"));
        assertOneLineError("--kafka-bootstrap");
        err.getBuffer().setLength(0);
        assertEquals(2, execute("regress", "--kafkaa.x=1"));
        assertOneLineError("--kafkaa.x=1");
    }

    @Test
    void aCheckpointIntervalTheKafkaTransactionTimeoutCannotCoverIsRefused() {
        // The data loss: regress, 90 s checkpoints, 60 s transactions.
        assertEquals(2, execute("regress", "--source", "synthetic:hyperplane", "--sink", "kafka:predictions",
                "--checkpoint-interval", "90000", "--kafka.transaction.timeout.ms=60000"));
        assertOneLineError("transaction.timeout.ms of 60000 ms cannot cover a checkpoint interval of 90000 ms");
        err.getBuffer().setLength(0);
        // Under the default 15-minute timeout, a 14-minute interval leaves no time to recover.
        assertEquals(2, execute("density", "--source", "synthetic:mixture", "--sink", "kafka:scores",
                "--checkpoint-interval", "840000"));
        assertOneLineError("transaction.timeout.ms of 900000 ms cannot cover a checkpoint interval of 840000 ms");
    }

    @Test
    void aParallelismAboveTheMaxParallelismIsRefused() {
        assertEquals(2, execute("regress", "--source", "synthetic:hyperplane", "--sink", "none",
                "--parallelism", String.valueOf(JobEnvironments.MAX_PARALLELISM + 1)));
        assertOneLineError("--parallelism must be in [1, 128]");
    }
}
