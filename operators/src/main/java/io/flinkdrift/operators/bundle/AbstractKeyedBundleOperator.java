package io.flinkdrift.operators.bundle;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The buffering of bundled keyed-state access, the mini-batch pattern of Flink SQL ({@code
 * table.exec.mini-batch.enabled / allow-latency / size}), for operators of any number of keyed
 * inputs: elements are buffered in memory up to {@code maxRecords} elements or {@code maxLatencyMs}
 * of processing time, grouped by key in arrival order, and handed to {@link #processBundle} one key
 * at a time with that key set as the current key, so a subclass reads each key's state once per
 * bundle and writes it once.
 *
 * <p>The bundle is flushed before every checkpoint barrier ({@link #prepareSnapshotPreBarrier}),
 * before every watermark is forwarded and before the event-time timers it fires (so timers see the
 * state of every element that arrived before the watermark, as record at a time), and when an input
 * ends ({@link #flush}, which the subclass calls). So a checkpoint or savepoint never holds buffered
 * elements (the buffer is not state, and exactly-once keeps its meaning), downstream never sees a
 * record behind a watermark that it was not behind before, and each key sees its elements in the
 * order they arrived, across all inputs: per key, outputs and state are those of record-at-a-time
 * processing. Only the interleaving of different keys' outputs changes. A bundle of one element is
 * record-at-a-time.
 *
 * @param <K> the key type
 * @param <E> a buffered element: a copy of what the input handed over, never an object the input
 *     may reuse (unless {@link #buffers} is false)
 * @param <OUT> the output type
 */
public abstract class AbstractKeyedBundleOperator<K, E, OUT> extends AbstractStreamOperator<OUT> {

    private static final long serialVersionUID = 1L;

    private final int maxRecords;
    private final long maxLatencyMs;

    private transient Map<K, List<E>> bundle;
    private transient int buffered;
    private transient TimestampedCollector<OUT> out;
    private transient long timestamp;

    /**
     * @param maxRecords elements buffered before a flush, &ge; 1 (1: record at a time)
     * @param maxLatencyMs longest an element waits in the buffer, in processing time, &ge; 1
     * @throws IllegalArgumentException for a value out of range
     */
    protected AbstractKeyedBundleOperator(int maxRecords, long maxLatencyMs) {
        if (maxRecords < 1 || maxLatencyMs < 1) {
            throw new IllegalArgumentException(
                    "maxRecords and maxLatencyMs must be >= 1, got " + maxRecords + " and " + maxLatencyMs);
        }
        this.maxRecords = maxRecords;
        this.maxLatencyMs = maxLatencyMs;
    }

    /**
     * Processes one key's elements of a bundle, in arrival order; the key is the current key, so
     * keyed state reads and writes are that key's.
     */
    protected abstract void processBundle(K key, List<E> elements) throws Exception;

    @Override
    public void open() throws Exception {
        super.open();
        bundle = new LinkedHashMap<>();
        out = new TimestampedCollector<>(output);
    }

    /** The main output; what it emits carries the timestamp of the last {@link #stamp} or {@link #stampAt}. */
    protected final TimestampedCollector<OUT> out() {
        return out;
    }

    /**
     * Stamps what is emitted next, on {@link #out()} and {@link #sideOutput}, with the timestamp of
     * {@code record}, the buffered element being processed (as record-at-a-time processing would).
     */
    protected final void stamp(StreamRecord<?> record) {
        out.setTimestamp(record);
        timestamp = record.getTimestamp();
    }

    /** Stamps what is emitted next with {@code time}, e.g. a timer's. */
    protected final void stampAt(long time) {
        out.setAbsoluteTimestamp(time);
        timestamp = time;
    }

    /** Emits {@code value} on the side output {@code tag}, with the current stamp. */
    protected final <X> void sideOutput(OutputTag<X> tag, X value) {
        output.collect(tag, new StreamRecord<>(value, timestamp));
    }

    /**
     * Whether elements are buffered (bundles of more than one); with bundles of one, {@link #add}
     * processes each at once, so it may be the object the input handed over.
     */
    protected final boolean buffers() {
        return maxRecords > 1;
    }

    /** Buffers {@code element} of the current key, or with bundles of one processes it at once. */
    @SuppressWarnings("unchecked")
    protected final void add(E element) throws Exception {
        if (maxRecords == 1) {
            processBundle((K) getCurrentKey(), List.of(element));
            return;
        }
        bundle.computeIfAbsent((K) getCurrentKey(), key -> new ArrayList<>()).add(element);
        if (++buffered == 1) {
            long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService().registerTimer(now + maxLatencyMs, time -> flush());
        }
        if (buffered >= maxRecords) {
            flush();
        }
    }

    /** Processes every buffered element, key by key. */
    protected final void flush() throws Exception {
        if (buffered == 0) {
            return;
        }
        for (Map.Entry<K, List<E>> perKey : bundle.entrySet()) {
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

    /** Flushes, then advances event time: fires the due timers and forwards {@code mark}. */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }
}
