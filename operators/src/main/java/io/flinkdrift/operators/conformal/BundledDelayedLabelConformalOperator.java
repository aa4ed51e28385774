package io.flinkdrift.operators.conformal;

import io.flinkdrift.operators.bundle.KeyedTwoInputBundleOperator;
import io.flinkdrift.records.Label;
import io.flinkdrift.records.Prediction;

/**
 * {@link DelayedLabelConformalFunction} with bundled state access ({@link
 * KeyedTwoInputBundleOperator}): a bundle's predictions and labels of one key are run through the
 * function's steps in the order they arrived, across both inputs, on the key's controller state and
 * progress, read from state once and written once ({@link BundledConformalState}). The waiting
 * answers and labels stay in the function's map states, touched once per element as record at a time,
 * and label deadlines fire after the bundle is flushed at the watermark. Answers and labelled answers
 * are those of record-at-a-time processing. Use on {@code predictions.connect(labels).keyBy(p -> p.key,
 * l -> l.key).transform(...)}; the state and timers are the function's, so savepoints of either
 * restore into the other.
 */
public final class BundledDelayedLabelConformalOperator
        extends KeyedTwoInputBundleOperator<String, Prediction, Label, ConformalPrediction> {

    private static final long serialVersionUID = 1L;

    private final DelayedLabelConformalFunction function;

    /**
     * @param function the record-at-a-time steps, state and accumulators
     * @see KeyedTwoInputBundleOperator#KeyedTwoInputBundleOperator(int, long)
     */
    public BundledDelayedLabelConformalOperator(DelayedLabelConformalFunction function, int maxRecords,
            long maxLatencyMs) {
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
    protected void processFirst(Prediction value) throws Exception {
        function.prediction(value, timerService(), out(), this::sideOutput);
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
        function.expire(time);
    }
}
