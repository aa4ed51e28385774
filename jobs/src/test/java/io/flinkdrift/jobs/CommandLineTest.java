package io.flinkdrift.jobs;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs {@code FlinkDrift}'s command line in-process and keeps what it writes to stdout and stderr. */
abstract class CommandLineTest {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int execute(String... args) {
        CommandLine commandLine = FlinkDrift.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    /** Asserts that stderr holds exactly one line, an {@code error:} containing {@code expectedFragment}. */
    void assertOneLineError(String expectedFragment) {
        String message = err.toString().strip();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("error: ") && message.contains(expectedFragment), message);
    }
}
