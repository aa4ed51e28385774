package io.flinkdrift.jobs.runtime;

/**
 * A run that cannot start (an input that does not exist, a header without a named column, a Kafka
 * cluster out of reach) or whose result is unusable (too much of its input rejected). The command
 * line reports its message as one {@code error:} line and exits with code 1; nothing has been
 * submitted when it is thrown before the job starts.
 */
public final class RunFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RunFailure(String message) {
        super(message);
    }

    public RunFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
