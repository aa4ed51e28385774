package io.flinkdrift.jobs.runtime;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Opportunistic pre-aggregation of a run summary at the job's parallelism: each subtask folds its
 * elements into a {@link SummaryAccumulator} and sends the partial downstream before every
 * checkpoint barrier, when the input ends (the watermark reaches its maximum) and when the partial
 * is full. So the single {@link RunSummaryFunction} that merges them sees a few partials per
 * checkpoint instead of every record, and this operator holds no state of its own: whatever it
 * folded before a barrier is in the merger's state at that checkpoint (Flink's {@code
 * prepareSnapshotPreBarrier} contract).
 *
 * @param <T> the element type
 * @param <P> the partial type
 */
public final class PartialSummaryOperator<T, P> extends AbstractStreamOperator<P>
        implements OneInputStreamOperator<T, P> {

    private static final long serialVersionUID = 1L;

    private final SummaryAccumulator<T, P> accumulator;

    /** @param accumulator an empty accumulator; each subtask works on its own deserialized copy */
    public PartialSummaryOperator(SummaryAccumulator<T, P> accumulator) {
        this.accumulator = accumulator;
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        accumulator.add(element.getValue());
        if (accumulator.isFull()) {
            flush();
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) {
        flush();
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            flush(); // before the final watermark fires the merger's end-of-input timer
        }
        super.processWatermark(mark);
    }

    private void flush() {
        if (!accumulator.isEmpty()) {
            output.collect(new StreamRecord<>(accumulator.drain()));
        }
    }
}
