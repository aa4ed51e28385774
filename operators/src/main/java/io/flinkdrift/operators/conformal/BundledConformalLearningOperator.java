package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.learners.OnlineLearner;
import io.flinkdrift.operators.bundle.KeyedBundleOperator;
import io.flinkdrift.operators.learning.KeyedModel;
import io.flinkdrift.operators.learning.ModelRun;
import io.flinkdrift.records.Example;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.List;

/**
 * {@link ConformalLearningFunction} with bundled state access ({@link KeyedBundleOperator}): a
 * bundle's examples of one key are predicted, answered and learned in arrival order on the key's
 * model and conformal state, each read from state once and written once (the model if it learned).
 * Answers, model snapshots and refused labels are those of record-at-a-time processing. Use on
 * {@code examples.keyBy(e -> e.key).transform(...)}; the state is {@link
 * ConformalLearningFunction}'s, so savepoints of either restore into the other.
 *
 * @param <L> the learner type
 */
public final class BundledConformalLearningOperator<L extends OnlineLearner>
        extends KeyedBundleOperator<String, Example, ConformalPrediction> {

    private static final long serialVersionUID = 1L;

    private final KeyedModel<L> model;
    private final KeyedConformal<?> conformal;

    private transient BundledConformalState<?> state;

    /**
     * @throws IllegalArgumentException if {@code model} or {@code conformal} is null or a bundle
     *     bound is out of range
     * @see KeyedBundleOperator#KeyedBundleOperator(int, long)
     */
    public BundledConformalLearningOperator(KeyedModel<L> model, KeyedConformal<?> conformal, int maxRecords,
            long maxLatencyMs) {
        super(maxRecords, maxLatencyMs);
        ConformalLearningFunction.checkArguments(model, conformal);
        this.model = model;
        this.conformal = conformal;
    }

    @Override
    public void open() throws Exception {
        super.open();
        model.open(getRuntimeContext());
        state = conformal.openBundled(getRuntimeContext());
    }

    @Override
    protected void processBundle(String key, List<StreamRecord<Example>> records) throws Exception {
        ModelRun<L> run = new ModelRun<>(model);
        for (StreamRecord<Example> record : records) {
            stamp(record);
            ConformalLearningFunction.answer(run, conformal, record.getValue(), out(), this::sideOutput);
        }
        run.finish();
        state.store();
    }
}
