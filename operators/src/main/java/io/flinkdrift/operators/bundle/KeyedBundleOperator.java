package io.flinkdrift.operators.bundle;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bundled keyed-state access, the mini-batch pattern of Flink SQL ({@code
 * table.exec.mini-batch.enabled / allow-latency / size}): records of a keyed stream are buffered in
 * memory up to {@code maxRecords} records or {@code maxLatencyMs} of processing time, grouped by key
 * in arrival order, and handed to {@link #processBundle} one key at a time with that key set as the
 * current key, so a subclass reads each key's state once per bundle and writes it once.
 *
 * <p>The bundle is also flushed before every checkpoint barrier ({@link #prepareSnapshotPreBarrier}),
 * before every watermark is forwarded, and when the input ends. So a checkpoint or savepoint never
 * holds buffered records (the buffer is not state, and exactly-once keeps its meaning), downstream
 * never sees a record behind a watermark that it was not behind before, and each key sees its records
 * in the order they arrived: per key, outputs and state are those of record-at-a-time processing.
 * Only the interleaving of different keys' outputs changes. A bundle of one record is record-at-a-time.
 *
 * <p>Safe with object reuse ({@code pipeline.object-reuse}): a chained upstream operator or source
 * then hands over the same {@link StreamRecord} for every record, so the buffer keeps a copy of the
 * record's timestamp and a reference to its value. Like Flink's heap state, it relies on Flink's
 * object-reuse contract that an emitted value is not modified afterwards.
 *
 * @param <K> the key type
 * @param <IN> the input type
 * @param <OUT> the output type
 */
public abstract class KeyedBundleOperator<K, IN, OUT> extends AbstractStreamOperator<OUT>
        implements OneInputStreamOperator<IN, OUT>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private final int maxRecords;
    private final long maxLatencyMs;

    private transient Map<K, List<StreamRecord<IN>>> bundle;
    private transient int buffered;

    /**
     * @param maxRecords records buffered before a flush, &ge; 1 (1: record at a time)
     * @param maxLatencyMs longest a record waits in the buffer, in processing time, &ge; 1
     * @throws IllegalArgumentException for a value out of range
     */
    protected KeyedBundleOperator(int maxRecords, long maxLatencyMs) {
        if (maxRecords < 1 || maxLatencyMs < 1) {
            throw new IllegalArgumentException(
                    "maxRecords and maxLatencyMs must be >= 1, got " + maxRecords + " and " + maxLatencyMs);
        }
        this.maxRecords = maxRecords;
        this.maxLatencyMs = maxLatencyMs;
    }

    /**
     * Processes one key's records of a bundle, in arrival order; the key is the current key, so
     * keyed state reads and writes are that key's.
     */
    protected abstract void processBundle(K key, List<StreamRecord<IN>> records) throws Exception;

    @Override
    public void open() throws Exception {
        super.open();
        bundle = new LinkedHashMap<>();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void processElement(StreamRecord<IN> element) throws Exception {
        if (maxRecords == 1) {
            processBundle((K) getCurrentKey(), List.of(element));
            return;
        }
        bundle.computeIfAbsent((K) getCurrentKey(), key -> new ArrayList<>()).add(element.copy(element.getValue()));
        if (++buffered == 1) {
            long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService().registerTimer(now + maxLatencyMs, time -> flush());
        }
        if (buffered >= maxRecords) {
            flush();
        }
    }

    /** Processes every buffered record, key by key. */
    private void flush() throws Exception {
        if (buffered == 0) {
            return;
        }
        for (Map.Entry<K, List<StreamRecord<IN>>> perKey : bundle.entrySet()) {
            setCurrentKey(perKey.getKey());
            processBundle(perKey.getKey(), perKey.getValue());
        }
        bundle.clear();
        buffered = 0;
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void endInput() throws Exception {
        flush();
    }
}
