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
 * Settings under which exactly-once output or a savepoint's rescaling cannot work are refused with one
 * line and exit code 2 before a job starts (there is no broker here: the timeout catches a job that
 * starts anyway).
 */
@Timeout(60)
class ExactlyOnceSettingsTest {

    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine commandLine = FlinkDrift.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private void assertOneLineError(String expectedFragment) {
        String message = err.toString().strip();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("error: ") && message.contains(expectedFragment), message);
        err.getBuffer().setLength(0);
    }

    @Test
    void aCheckpointIntervalTheTransactionTimeoutCannotCoverIsRefused() {
        // The data loss: regress, 90 s checkpoints, 60 s transactions.
        assertEquals(2, execute("regress", "--source", "synthetic:hyperplane", "--sink", "kafka:predictions",
                "--checkpoint-interval", "90000", "--kafka.transaction.timeout.ms=60000"));
        assertOneLineError("transaction.timeout.ms of 60000 ms cannot cover a checkpoint interval of 90000 ms");
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
