package io.flinkdrift.operators.learning;

import io.flinkdrift.operators.bundle.KeyedTwoInputBundleOperator;
import io.flinkdrift.records.Label;

/**
 * A {@link DelayedLabelFunction} with bundled state access ({@link KeyedTwoInputBundleOperator}):
 * a bundle's elements and labels of one key are run through the function's steps in the order they
 * arrived, across both inputs, on the key's state read once and written once per bundle (the model
 * of {@link DelayedLabelLearningFunction}, the conformal state of {@code DelayedLabelConformalFunction}).
 * The elements and labels that wait stay in the function's map states, touched once per element as
 * record at a time (an entry each, not the whole map), and label deadlines fire after the bundle is
 * flushed at the watermark. Every output, side outputs included, is that of record-at-a-time
 * processing. Use on {@code elements.connect(labels).keyBy(e -> e.key, l -> l.key).transform(...)};
 * the state and timers are the function's, so savepoints of either restore into the other.
 *
 * @param <IN> the type of the elements that wait for a label
 * @param <OUT> the output type
 */
public final class BundledDelayedLabelOperator<IN, OUT> extends KeyedTwoInputBundleOperator<String, IN, Label, OUT> {

    private static final long serialVersionUID = 1L;

    private final DelayedLabelFunction<IN, OUT> function;

    /**
     * @param function the record-at-a-time steps, state and metrics
     * @see KeyedTwoInputBundleOperator#KeyedTwoInputBundleOperator(int, long)
     */
    public BundledDelayedLabelOperator(DelayedLabelFunction<IN, OUT> function, int maxRecords, long maxLatencyMs) {
        super(maxRecords, maxLatencyMs);
        if (function == null) {
            throw new IllegalArgumentException("function must not be null");
        }
        this.function = function;
    }

    @Override
    public void open() throws Exception {
        super.open();
        function.open(getRuntimeContext());
    }

    @Override
    protected void processFirst(IN value) throws Exception {
        function.element(value, timerService(), out(), this::sideOutput);
    }

    @Override
    protected void processSecond(Label value) throws Exception {
        function.label(value, timerService(), this::sideOutput);
    }

    @Override
    protected void finishKey() throws Exception {
        function.finishKey();
    }

    @Override
    protected void onTimer(long time) throws Exception {
        stampAt(time);
        function.expire(time, timerService(), this::sideOutput);
    }
}
