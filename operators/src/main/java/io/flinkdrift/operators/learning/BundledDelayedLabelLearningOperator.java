package io.flinkdrift.operators.learning;

import io.flinkdrift.core.learners.OnlineLearner;
import io.flinkdrift.operators.bundle.KeyedTwoInputBundleOperator;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Label;
import io.flinkdrift.records.Prediction;

/**
 * {@link DelayedLabelLearningFunction} with bundled state access ({@link
 * KeyedTwoInputBundleOperator}): a bundle's examples and labels of one key are run through the
 * function's steps in the order they arrived, across both inputs, on the key's model, read from state
 * once and written once (if it learned). The waiting examples and labels stay in the function's map
 * states, touched once per element as record at a time (an entry each, not the whole map), and label
 * deadlines fire after the bundle is flushed at the watermark. Predictions, labelled predictions,
 * dropped examples, orphan labels, snapshots and refused labels are those of record-at-a-time
 * processing. Use on {@code examples.connect(labels).keyBy(e -> e.key, l -> l.key).transform(...)};
 * the state and timers are the function's, so savepoints of either restore into the other.
 *
 * @param <L> the learner type
 */
public final class BundledDelayedLabelLearningOperator<L extends OnlineLearner>
        extends KeyedTwoInputBundleOperator<String, Example, Label, Prediction> {

    private static final long serialVersionUID = 1L;

    private final DelayedLabelLearningFunction<L> function;

    /**
     * @param function the record-at-a-time steps, state and metrics
     * @see KeyedTwoInputBundleOperator#KeyedTwoInputBundleOperator(int, long)
     */
    public BundledDelayedLabelLearningOperator(DelayedLabelLearningFunction<L> function, int maxRecords,
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
    protected void processFirst(Example value) throws Exception {
        function.example(value, timerService(), out(), this::sideOutput);
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
