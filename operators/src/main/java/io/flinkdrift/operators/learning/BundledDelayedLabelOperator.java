package io.flinkdrift.operators.learning;

import io.flinkdrift.operators.bundle.KeyedTwoInputBundleOperator;
import io.flinkdrift.records.Label;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * A {@link DelayedLabelFunction} with bundled state access ({@link KeyedTwoInputBundleOperator}):
 * a bundle's elements and labels of one key are run through the function's steps in the order they
 * arrived, across both inputs, on the key's state read once and written once per bundle (the model
 * of {@link DelayedLabelLearningFunction}, the conformal state of {@code DelayedLabelConformalFunction}).
 * What waits for a counterpart is the function's ({@link DelayedLabelFunction#unwrittenKeys}): this
 * operator writes what the function keeps in memory before every checkpoint barrier, at the end of
 * an input, before the watermark passes a label deadline it touched and, so that memory stays
 * bounded between checkpoints, after a bundle whenever more than {@code maxUnwrittenKeys} keys
 * have changes in memory (each key holds at most its {@code maxPending} bound); label deadlines fire
 * after the bundle is flushed at the watermark. Every output, side outputs included, is that of
 * record-at-a-time processing. Use on {@code elements.connect(labels).keyBy(e -> e.key, l -> l.key).transform(...)};
 * the state and timers are the function's, so savepoints of either restore into the other.
 *
 * @param <IN> the type of the elements that wait for a label
 * @param <OUT> the output type
 */
public final class BundledDelayedLabelOperator<IN, OUT> extends KeyedTwoInputBundleOperator<String, IN, Label, OUT> {

    private static final long serialVersionUID = 1L;

    /** The default bound on the keys whose changes are kept in memory between writes. */
    public static final int DEFAULT_MAX_UNWRITTEN_KEYS = 10_000;

    private final DelayedLabelFunction<IN, OUT> function;
    private final int maxUnwrittenKeys;

    /**
     * An operator that keeps at most {@link #DEFAULT_MAX_UNWRITTEN_KEYS} keys' changes in memory.
     *
     * @param function the record-at-a-time steps, state and metrics
     * @see KeyedTwoInputBundleOperator#KeyedTwoInputBundleOperator(int, long)
     */
    public BundledDelayedLabelOperator(DelayedLabelFunction<IN, OUT> function, int maxRecords, long maxLatencyMs) {
        this(function, maxRecords, maxLatencyMs, DEFAULT_MAX_UNWRITTEN_KEYS);
    }

    /**
     * @param function the record-at-a-time steps, state and metrics
     * @param maxUnwrittenKeys after a bundle, more keys than this with changes in memory are all written; &ge; 1
     * @see KeyedTwoInputBundleOperator#KeyedTwoInputBundleOperator(int, long)
     */
    public BundledDelayedLabelOperator(DelayedLabelFunction<IN, OUT> function, int maxRecords, long maxLatencyMs,
            int maxUnwrittenKeys) {
        super(maxRecords, maxLatencyMs);
        if (function == null) {
            throw new IllegalArgumentException("function must not be null");
        }
        if (maxUnwrittenKeys < 1) {
            throw new IllegalArgumentException("maxUnwrittenKeys must be >= 1, got " + maxUnwrittenKeys);
        }
        this.function = function;
        this.maxUnwrittenKeys = maxUnwrittenKeys;
    }

    @Override
    public void open() throws Exception {
        super.open();
        function.open(getRuntimeContext());
    }

    @Override
    protected void processFirst(IN value) throws Exception {
        function.element(currentKey(), value, timerService(), out(), this::sideOutput);
    }

    @Override
    protected void processSecond(Label value) throws Exception {
        function.label(currentKey(), value, timerService(), this::sideOutput);
    }

    /** Ends a key's run; past {@code maxUnwrittenKeys}, writes every key's changes (the next run sets its key). */
    @Override
    protected void finishKey() throws Exception {
        function.finishKey();
        if (function.unwrittenKeyCount() > maxUnwrittenKeys) {
            writeUnwritten();
        }
    }

    @Override
    protected void onTimer(long time) throws Exception {
        stampAt(time);
        function.expire(currentKey(), time, timerService(), this::sideOutput);
    }

    /**
     * Flushes the bundle, writes what the function keeps in memory if {@code mark} passes a label
     * deadline it touched, then advances event time (fires the due timers and forwards {@code mark}).
     */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        if (function.unwrittenDeadlineBy(mark.getTimestamp())) {
            writeUnwritten();
        }
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        writeUnwritten();
    }

    @Override
    public void endInput(int inputId) throws Exception {
        super.endInput(inputId);
        writeUnwritten();
    }

    /** Writes every key's changes that the function keeps in memory. */
    private void writeUnwritten() throws Exception {
        for (String key : function.unwrittenKeys()) {
            setCurrentKey(key);
            function.writeKey(key, timerService());
        }
    }

    private String currentKey() {
        return (String) getCurrentKey();
    }
}
