package io.flinkdrift.operators.ml;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * The rows of a keyed {@code fit}'s table as the records of its keyed operator: each row at its
 * position in this subtask (its id, and its event time when the row has none). A row the conversion
 * cannot use is skipped and counted in the accumulator the subclass names.
 *
 * @param <T> the record
 */
abstract class TrainingRows<T> extends ProcessFunction<Row, T> {

    private static final long serialVersionUID = 1L;

    private final String skippedRows;
    private transient long rows;
    private transient LongCounter skipped;

    /** @param skippedRows the name of the accumulator counting the skipped rows */
    TrainingRows(String skippedRows) {
        this.skippedRows = skippedRows;
    }

    /** The record of {@code row}, or null to skip it. */
    abstract T record(Row row, long id, long timestamp);

    @Override
    public void open(OpenContext openContext) {
        skipped = getRuntimeContext().getLongCounter(skippedRows);
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<T> out) {
        long id = rows++;
        T record = record(row, id, ctx.timestamp() == null ? id : ctx.timestamp());
        if (record == null) {
            skipped.add(1L);
        } else {
            out.collect(record);
        }
    }
}
