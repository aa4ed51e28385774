package io.flinkdrift.operators.sql;

import io.flinkdrift.records.RejectReason;
import org.apache.flink.types.Row;

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

    /** The output columns of a rejected row: all NULL but the last, {@code rejection}. */
    static Row output(int columns, String rejection) {
        Row row = new Row(columns);
        row.setField(columns - 1, rejection);
        return row;
    }
}
