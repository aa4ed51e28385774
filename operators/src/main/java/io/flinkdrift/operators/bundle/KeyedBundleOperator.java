package io.flinkdrift.operators.bundle;

import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Bundled keyed-state access ({@link AbstractKeyedBundleOperator}) for one keyed input: the records
 * of a key are handed to {@link #processBundle} in arrival order.
 *
 * <p>Safe with object reuse ({@code pipeline.object-reuse}): a chained upstream operator or source
 * then hands over the same {@link StreamRecord} for every record, so the buffer keeps a copy of the
 * record's timestamp and a reference to its value (record at a time, {@code maxRecords} 1, it keeps
 * nothing and copies nothing). Like Flink's heap state, it relies on Flink's object-reuse contract
 * that an emitted value is not modified afterwards.
 *
 * @param <K> the key type
 * @param <IN> the input type
 * @param <OUT> the output type
 */
public abstract class KeyedBundleOperator<K, IN, OUT> extends AbstractKeyedBundleOperator<K, StreamRecord<IN>, OUT>
        implements OneInputStreamOperator<IN, OUT>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    /** @see AbstractKeyedBundleOperator#AbstractKeyedBundleOperator(int, long) */
    protected KeyedBundleOperator(int maxRecords, long maxLatencyMs) {
        super(maxRecords, maxLatencyMs);
    }

    @Override
    public void processElement(StreamRecord<IN> element) throws Exception {
        add(buffers() ? element.copy(element.getValue()) : element);
    }

    @Override
    public void endInput() throws Exception {
        flush();
    }
}
