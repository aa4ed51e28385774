package io.flinkdrift.operators.learning;

import io.flinkdrift.core.learners.OnlineLearner;
import io.flinkdrift.operators.bundle.KeyedBundleOperator;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.List;

/**
 * {@link PrequentialFunction} with bundled state access ({@link KeyedBundleOperator}): a bundle's
 * examples of one key are predicted, emitted and learned in arrival order on the key's model, read
 * from state once and written once (if it learned). Predictions, snapshots and refused labels are
 * those of record-at-a-time processing; on RocksDB, which deserializes the model on every read and
 * serializes it on every write, a bundle of n examples per key saves 2(n &minus; 1) codec round
 * trips. Use on {@code examples.keyBy(e -> e.key).transform(...)}; the model state is the same as
 * {@link PrequentialFunction}'s, so savepoints of either restore into the other.
 *
 * @param <L> the learner type
 */
public final class BundledPrequentialOperator<L extends OnlineLearner>
        extends KeyedBundleOperator<String, Example, Prediction> {

    private static final long serialVersionUID = 1L;

    private final KeyedModel<L> model;

    /** @see KeyedBundleOperator#KeyedBundleOperator(int, long) */
    public BundledPrequentialOperator(KeyedModel<L> model, int maxRecords, long maxLatencyMs) {
        super(maxRecords, maxLatencyMs);
        this.model = model;
    }

    @Override
    public void open() throws Exception {
        super.open();
        model.open(getRuntimeContext());
    }

    @Override
    protected void processBundle(String key, List<StreamRecord<Example>> records) throws Exception {
        ModelRun<L> run = new ModelRun<>(model);
        for (StreamRecord<Example> record : records) {
            Example example = record.getValue();
            stamp(record);
            run.predictThenLearn(example, example.label, out(), this::sideOutput);
        }
        run.finish();
    }
}
