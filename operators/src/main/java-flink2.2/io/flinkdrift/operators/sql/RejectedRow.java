package io.flinkdrift.operators.sql;

import io.flinkdrift.records.RejectReason;

/**
 * A row a process table function cannot use: it is answered with the reason in its {@code
 * rejection} column instead of a result, and does not change the partition's state.
 */
final class RejectedRow extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    RejectedRow(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    /** The {@code rejection} column: the reason, as the jobs' dead letters name it, and the detail. */
    String column() {
        return reason.name() + ": " + getMessage();
    }
}
